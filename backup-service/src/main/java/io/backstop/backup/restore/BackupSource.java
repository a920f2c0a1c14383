package io.backstop.backup.restore;

import java.nio.file.Path;
import java.util.Iterator;

import org.bson.Document;
import org.bson.codecs.DocumentCodec;

import io.backstop.backup.dump.BsonFileReader;

/** A backup's collection file as a stream of {@link Document}s, one in memory at a time. */
public final class BackupSource implements Iterator<Document>, AutoCloseable {

    private static final DocumentCodec CODEC = new DocumentCodec();
    private final BsonFileReader reader;

    private BackupSource(BsonFileReader reader) {
        this.reader = reader;
    }

    public static BackupSource open(Path file) {
        return new BackupSource(BsonFileReader.open(file));
    }

    @Override
    public boolean hasNext() {
        return reader.hasNext();
    }

    @Override
    public Document next() {
        return reader.next().decode(CODEC);
    }

    @Override
    public void close() {
        reader.close();
    }
}
