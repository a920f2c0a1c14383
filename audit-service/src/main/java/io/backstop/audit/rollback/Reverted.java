package io.backstop.audit.rollback;

import java.util.Map;

/**
 * catalog-service's answer to a revert.
 *
 * @param body    the document's id, version and whether it is now deleted
 * @param changed false when the document already was in the target state and nothing was written
 */
record Reverted(Map<String, Object> body, boolean changed) {
}
