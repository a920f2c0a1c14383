package io.backstop.audit.rollback;

import java.util.Map;

/**
 * The body of catalog-service's {@code POST /internal/catalog/{kind}/{id}/revert} (docs/architecture.md).
 *
 * @param document        business fields to make the document equal to; null deletes it
 * @param expectedVersion the catalog's current {@code version}; null when the document must not exist
 */
record RevertRequest(Map<String, Object> document, Long expectedVersion, long targetVersion, String reason) {
}
