package io.backstop.catalog.ops;

import java.util.Arrays;
import java.util.OptionalDouble;

/** Reads one sample out of a Prometheus text exposition, as a scraper would see it. */
final class Scrape {

    private Scrape() {}

    /** The value of {@code name} whose labels include every {@code key="value"} given, if present. */
    static OptionalDouble value(String exposition, String name, String... labels) {
        return exposition
                .lines()
                .filter(l -> l.startsWith(name + "{") || l.startsWith(name + " "))
                .filter(l -> Arrays.stream(labels).allMatch(label -> l.contains(label)))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .findFirst();
    }
}
