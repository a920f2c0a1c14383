package io.backstop.contracts;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One page of any list the API serves: catalog, audit, backups, compare, operations, schedules. A client asks for
 * {@code limit} items and passes {@code next} back as {@code cursor} to read on; {@code next} is null on the last
 * page. {@code total} is present only where counting is cheap, so clients must not rely on it.
 */
public record Page<T>(List<T> items, String next, @JsonInclude(JsonInclude.Include.NON_NULL) Long total) {

    public Page {
        items = List.copyOf(items);
    }

    public static <T> Page<T> of(List<T> items, String next) {
        return new Page<>(items, next, null);
    }
}
