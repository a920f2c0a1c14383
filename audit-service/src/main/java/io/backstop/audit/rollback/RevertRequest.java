package io.backstop.audit.rollback;

import java.util.Map;

/**
 * The body of catalog-service's {@code POST /internal/catalog/{kind}/{id}/revert} (docs/architecture.md).
 *
 * @param document        business fields to make the document equal to; null deletes it
 * @param expectedVersion the version the caller previewed against (for a deleted document, its delete's); the
 *                        catalog refuses the write when the document is at another one
 */
record RevertRequest(Map<String, Object> document, long expectedVersion, long targetVersion, String reason) {}
