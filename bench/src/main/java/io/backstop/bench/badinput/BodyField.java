package io.backstop.bench.badinput;

/**
 * A field of a request body, as far as bad input cares: what a wrong value looks like depends on its type, and a
 * strict field (an id, an enum, a code, a date) must refuse unusual Unicode that a free-text field may hold.
 */
record BodyField(String name, Type type, boolean required) {

    enum Type {
        FREE_TEXT,
        STRICT_TEXT,
        NUMBER,
        BOOLEAN,
        LIST
    }

    static BodyField free(String name, boolean required) {
        return new BodyField(name, Type.FREE_TEXT, required);
    }

    static BodyField strict(String name, boolean required) {
        return new BodyField(name, Type.STRICT_TEXT, required);
    }

    static BodyField number(String name, boolean required) {
        return new BodyField(name, Type.NUMBER, required);
    }

    static BodyField bool(String name) {
        return new BodyField(name, Type.BOOLEAN, false);
    }

    static BodyField list(String name, boolean required) {
        return new BodyField(name, Type.LIST, required);
    }
}
