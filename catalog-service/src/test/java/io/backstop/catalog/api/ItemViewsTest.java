package io.backstop.catalog.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;

import org.bson.Document;
import org.bson.types.Binary;
import org.bson.types.Decimal128;
import org.junit.jupiter.api.Test;

import io.backstop.contracts.CatalogFields;

/** A document a direct database write left with odd values still reads, in contracts' PlainJson rule. */
class ItemViewsTest {

    @Test
    void decimal128NaNAndBinaryFromADirectWriteDoNotBreakTheRead() {
        Document doc = new Document("_id", "e1")
                .append("price", Decimal128.NaN)
                .append("blob", new Binary(new byte[] {1, 2, 3}))
                .append("version", 2);

        CatalogDocument view = ItemViews.view(doc);

        assertThat(view.id()).isEqualTo("e1");
        assertThat(view.version()).isEqualTo(2L);
        assertThat(view.fields()).containsEntry("price", "NaN").containsEntry("blob", "AQID");
    }

    /** contracts names what a view carries besides business fields; rollbacks and the UI's forms rely on it. */
    @Test
    void theContractsNameEveryFieldOfTheViewThatIsNotBusinessData() {
        Set<String> own = new HashSet<>(CatalogDocument.OWN);
        own.removeAll(Set.of("fields", CatalogFields.VERSION));

        assertThat(CatalogFields.VIEW).isEqualTo(own);
    }
}
