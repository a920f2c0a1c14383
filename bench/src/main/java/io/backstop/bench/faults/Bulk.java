package io.backstop.bench.faults;

import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Random;

import org.bson.Document;
import org.bson.types.ObjectId;

import com.mongodb.client.MongoClient;
import com.mongodb.client.model.InsertManyOptions;

/**
 * Volume for the backup scenarios, written straight into the catalog as a migration script would (unaudited):
 * a backup or restore of a few hundred documents ends before a fault can be injected into it.
 */
final class Bulk {

    private Bulk() {}

    static void engines(MongoClient mongo, int count, int firstPosition) {
        var engines = mongo.getDatabase("catalog").getCollection("engines");
        Random random = new Random(firstPosition);
        List<Document> batch = new ArrayList<>(1000);
        for (int i = 0; i < count; i++) {
            int hp = 90 + random.nextInt(500);
            batch.add(new Document("_id", new ObjectId().toHexString())
                    .append("modelId", String.format("%024x", 1 + i % 500))
                    .append("name", "bulk engine " + (firstPosition + i))
                    .append("fuel", "petrol")
                    .append("powerHp", hp)
                    .append("torqueNm", 150 + random.nextInt(700))
                    .append("displacementCc", 998 + random.nextInt(5000))
                    .append(
                            "stages",
                            List.of(new Document("stage", 1)
                                    .append("powerHp", hp + 30)
                                    .append("torqueNm", 300)
                                    .append("priceEur", 390 + random.nextInt(900))))
                    .append("engineCode", Long.toString(random.nextLong(), 36))
                    .append("position", firstPosition + i)
                    .append("version", 1L)
                    .append(
                            "_change",
                            new Document("txId", new ObjectId().toHexString())
                                    .append("action", "create")
                                    .append("by", "fault-suite")
                                    .append("at", new Date())));
            if (batch.size() == 1000 || i == count - 1) {
                engines.insertMany(batch, new InsertManyOptions().ordered(false));
                batch.clear();
            }
        }
    }
}
