package io.backstop.catalog.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.bson.Document;
import org.bson.types.Binary;
import org.bson.types.Decimal128;
import org.junit.jupiter.api.Test;

/** A document a direct database write left with odd values still reads, in contracts' PlainJson rule. */
class ItemViewsTest {

    @Test
    void decimal128NaNAndBinaryFromADirectWriteDoNotBreakTheRead() {
        Document doc = new Document("_id", "e1").append("price", Decimal128.NaN)
                .append("blob", new Binary(new byte[] {1, 2, 3})).append("version", 2);

        Map<String, Object> view = ItemViews.view(doc);

        assertThat(view).containsEntry("id", "e1").containsEntry("price", "NaN").containsEntry("blob", "AQID")
                .containsEntry("version", 2L);
    }
}
