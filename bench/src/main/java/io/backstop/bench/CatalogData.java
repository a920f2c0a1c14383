package io.backstop.bench;

import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Random;

import org.bson.Document;
import org.bson.types.ObjectId;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.InsertManyOptions;

/**
 * Realistic engine documents written straight into the catalog database, the way a migration script would:
 * benchmarks of backups and restores need volume, not audited history.
 */
final class CatalogData {

    private static final String[] FUELS = {"petrol", "diesel", "hybrid", "electric"};

    private CatalogData() {}

    static Document engine(int i, Random random) {
        int hp = 90 + random.nextInt(500);
        int nm = 150 + random.nextInt(700);
        List<Document> stages = new ArrayList<>();
        for (int s = 1; s <= 1 + random.nextInt(3); s++) {
            stages.add(new Document("stage", s)
                    .append("powerHp", hp + 30 * s)
                    .append("torqueNm", nm + 50 * s)
                    .append("priceEur", 390 + 250 * s));
        }
        return new Document("_id", new ObjectId().toHexString())
                .append("modelId", String.format("%024x", 1 + i % 500))
                .append(
                        "name",
                        (1.0 + random.nextInt(40) / 10.0) + " " + (random.nextBoolean() ? "TFSI" : "TDI") + " #" + i)
                .append("fuel", FUELS[random.nextInt(FUELS.length)])
                .append("powerHp", hp)
                .append("torqueNm", nm)
                .append("displacementCc", 998 + random.nextInt(5000))
                .append("stages", stages)
                .append("position", i)
                .append("version", 1L)
                .append(
                        "_change",
                        new Document("txId", new ObjectId().toHexString())
                                .append("action", "create")
                                .append("by", "bench")
                                .append("at", new Date()));
    }

    /** Inserts {@code count} engines in unordered batches; returns the number written. */
    static long fill(MongoCollection<Document> engines, int count, long seed) {
        Random random = new Random(seed);
        List<Document> batch = new ArrayList<>(1000);
        long written = 0;
        for (int i = 0; i < count; i++) {
            batch.add(engine(i, random));
            if (batch.size() == 1000 || i == count - 1) {
                engines.insertMany(batch, new InsertManyOptions().ordered(false));
                written += batch.size();
                batch.clear();
            }
        }
        return written;
    }
}
