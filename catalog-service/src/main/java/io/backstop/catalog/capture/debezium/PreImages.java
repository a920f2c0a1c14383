package io.backstop.catalog.capture.debezium;

import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.mongodb.MongoCommandException;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.ChangeStreamPreAndPostImagesOptions;
import com.mongodb.client.model.CreateCollectionOptions;

import io.backstop.contracts.Topics;

/**
 * Turns on change-stream pre-images for the catalog collections, so update and delete events carry the document
 * as it was ({@code before}). MongoDB only records pre-images for collections that had the option before the
 * change (Debezium's docs; anchors.md "before missing"), so the engine's holder does it before it starts, every
 * time: it is idempotent, and a deployment needs no separate init script.
 */
final class PreImages {

    private static final Logger log = LoggerFactory.getLogger(PreImages.class);

    private PreImages() {}

    static void enable(MongoDatabase catalog) {
        for (String collection : Topics.CATALOG_COLLECTIONS) {
            try {
                if (catalog.listCollectionNames()
                        .into(new java.util.ArrayList<>())
                        .contains(collection)) {
                    catalog.runCommand(new Document("collMod", collection)
                            .append("changeStreamPreAndPostImages", new Document("enabled", true)));
                } else {
                    catalog.createCollection(
                            collection,
                            new CreateCollectionOptions()
                                    .changeStreamPreAndPostImagesOptions(
                                            new ChangeStreamPreAndPostImagesOptions(true)));
                }
            } catch (MongoCommandException e) {
                // MongoDB before 6.0, or no collMod privilege: capture still works, updates just lack "before"
                log.warn(
                        "Could not enable change-stream pre-images on {}.{} ({}): update and delete events will "
                                + "carry no 'before'; audit-service then uses the previous entry's 'after'",
                        catalog.getName(),
                        collection,
                        e.getErrorCodeName());
            }
        }
    }
}
