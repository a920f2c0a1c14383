package io.backstop.backup.dump;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.zip.GZIPInputStream;

import org.bson.RawBsonDocument;

/**
 * Reads concatenated BSON documents (mongodump's {@code .bson}, optionally gzipped) one at a time. A truncated or
 * malformed file fails with {@link CorruptBackupException} instead of yielding a partial document.
 */
public final class BsonFileReader implements Iterator<RawBsonDocument>, AutoCloseable {

    /** MongoDB's 16 MiB document limit plus the headroom the server allows internally. */
    private static final int MAX_DOCUMENT = 16 * 1024 * 1024 + 16 * 1024;

    private final InputStream in;
    private final String name;
    private RawBsonDocument next;
    private boolean done;

    public BsonFileReader(InputStream in, String name) {
        this.in = in;
        this.name = name;
    }

    public static BsonFileReader open(Path file) {
        try {
            InputStream raw = new BufferedInputStream(Files.newInputStream(file), 64 * 1024);
            InputStream in = file.getFileName().toString().endsWith(".gz") ? new GZIPInputStream(raw, 64 * 1024) : raw;
            return new BsonFileReader(in, file.getFileName().toString());
        } catch (IOException e) {
            throw new CorruptBackupException(file.getFileName() + " cannot be opened: " + e.getMessage());
        }
    }

    @Override
    public boolean hasNext() {
        if (next == null && !done) {
            next = read();
            done = next == null;
        }
        return next != null;
    }

    @Override
    public RawBsonDocument next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        RawBsonDocument doc = next;
        next = null;
        return doc;
    }

    private RawBsonDocument read() {
        try {
            byte[] header = in.readNBytes(4);
            if (header.length == 0) {
                return null;
            }
            if (header.length < 4) {
                throw new CorruptBackupException(name + " is truncated inside a document length");
            }
            int length =
                    (header[0] & 0xff) | (header[1] & 0xff) << 8 | (header[2] & 0xff) << 16 | (header[3] & 0xff) << 24;
            if (length < 5 || length > MAX_DOCUMENT) {
                throw new CorruptBackupException(name + " holds an impossible document length " + length);
            }
            byte[] bytes = new byte[length];
            System.arraycopy(header, 0, bytes, 0, 4);
            int read = in.readNBytes(bytes, 4, length - 4);
            if (read < length - 4) {
                throw new CorruptBackupException(name + " is truncated inside a document");
            }
            if (bytes[length - 1] != 0) {
                throw new CorruptBackupException(name + " holds a document without its terminator");
            }
            return new RawBsonDocument(bytes);
        } catch (EOFException e) {
            throw new CorruptBackupException(name + " ends early: " + e.getMessage());
        } catch (IOException e) {
            throw new CorruptBackupException(name + " cannot be read: " + e.getMessage());
        }
    }

    @Override
    public void close() {
        try {
            in.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
