package io.backstop.contracts;

/** Field names MongoDB itself gives meaning to, shared by every store of every service. */
public final class MongoFields {

    /** The primary key of every document; unique per collection, and the only index MongoDB always has. */
    public static final String ID = "_id";

    private MongoFields() {}
}
