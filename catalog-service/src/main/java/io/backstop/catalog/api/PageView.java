package io.backstop.catalog.api;

import java.util.List;
import java.util.Map;

/** One page of a list: {@code page} is 0-based, {@code total} counts every match. */
public record PageView(List<Map<String, Object>> items, int page, int size, long total) {
}
