package io.backstop.backup.imports;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.zip.GZIPInputStream;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;

/**
 * The files of a mongodump as (relative name, content) pairs, from a directory or from a tar, tar.gz or zip
 * archive. Only regular files come through: a symbolic or hard link, a device, an absolute name or a {@code ..}
 * anywhere refuses the whole import, so nothing can point the import outside the dump. Names are only ever
 * compared, never used to build a path to write to.
 */
final class DumpEntries {

    /** Receives each regular file; {@code content} is valid only during the call. */
    @FunctionalInterface
    interface Visitor {
        void file(String name, InputStream content) throws IOException;
    }

    /** The first bytes of a mongodump {@code --archive} file (0x8199e26d, little-endian). */
    private static final byte[] MONGODUMP_ARCHIVE = {0x6d, (byte) 0xe2, (byte) 0x99, (byte) 0x81};

    private DumpEntries() {}

    /** Walks {@code dir} without following links; names are relative to it, with forward slashes. */
    static void ofDirectory(Path dir, int maxEntries, Visitor visitor) throws IOException {
        List<Path> regular = new ArrayList<>();
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            private int entries;

            @Override
            public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) {
                if (!d.equals(dir)) {
                    count(++entries, maxEntries);
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                count(++entries, maxEntries);
                String name = relative(dir, file);
                if (attrs.isSymbolicLink()) {
                    throw ImportRefusedException.request("'" + name + "' is a symbolic link; the directory must "
                            + "hold the dump's files themselves.");
                }
                if (!attrs.isRegularFile()) {
                    throw ImportRefusedException.request("'" + name + "' is not a regular file.");
                }
                regular.add(file);
                return FileVisitResult.CONTINUE;
            }
        });
        Collections.sort(regular);
        for (Path file : regular) {
            try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 64 * 1024)) {
                visitor.file(checkedName(relative(dir, file)), in);
            }
        }
    }

    /** Reads a tar, tar.gz (tgz) or zip file, told apart by their first bytes rather than a name or type. */
    static void ofArchive(Path archive, int maxEntries, long maxExpandedBytes, Visitor visitor) throws IOException {
        byte[] head;
        try (InputStream in = Files.newInputStream(archive)) {
            head = in.readNBytes(512);
        }
        if (head.length >= 4 && head[0] == 'P' && head[1] == 'K' && (head[2] == 3 || head[2] == 5)) {
            zip(archive, maxEntries, visitor);
        } else if (head.length >= 2 && head[0] == 0x1f && (head[1] & 0xff) == 0x8b) {
            try (InputStream raw = new BufferedInputStream(Files.newInputStream(archive), 64 * 1024);
                    InputStream tar = new CappedInputStream(
                            new GZIPInputStream(raw, 64 * 1024),
                            // the tar stream around the files: headers and padding on top of their contents
                            maxExpandedBytes + (maxEntries + 2L) * 1024,
                            limit -> ImportRefusedException.overLimit(
                                    "The archive expands to more than " + limit + " bytes once ungzipped."))) {
                tar(tar, maxEntries, visitor);
            }
        } else if (isTar(head)) {
            try (InputStream raw = new BufferedInputStream(Files.newInputStream(archive), 64 * 1024)) {
                tar(raw, maxEntries, visitor);
            }
        } else if (head.length >= 4 && java.util.Arrays.equals(head, 0, 4, MONGODUMP_ARCHIVE, 0, 4)) {
            throw ImportRefusedException.request("This is a mongodump --archive file, which the import does not "
                    + "read; dump into a directory (mongodump --out=dump [--gzip]) and upload a tar.gz or zip of it.");
        } else {
            throw ImportRefusedException.request("The upload is not a tar, tar.gz or zip archive; send a "
                    + "mongodump directory packed with e.g. 'tar czf dump.tgz dump' or 'zip -r dump.zip dump'.");
        }
    }

    private static boolean isTar(byte[] head) {
        return head.length >= 262
                && head[257] == 'u'
                && head[258] == 's'
                && head[259] == 't'
                && head[260] == 'a'
                && head[261] == 'r';
    }

    private static void tar(InputStream in, int maxEntries, Visitor visitor) throws IOException {
        TarArchiveInputStream tar = new TarArchiveInputStream(in);
        int entries = 0;
        try {
            for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
                count(++entries, maxEntries);
                String name = checkedName(entry.getName());
                if (entry.isSymbolicLink() || entry.isLink()) {
                    throw ImportRefusedException.request("Archive entry '" + name + "' is a link (to '"
                            + entry.getLinkName() + "'); the archive must hold the dump's files themselves.");
                }
                if (entry.isDirectory()) {
                    continue;
                }
                if (!entry.isFile()) {
                    throw ImportRefusedException.request("Archive entry '" + name + "' is not a regular file.");
                }
                visitor.file(name, tar);
            }
        } catch (IllegalArgumentException | IOException e) {
            // the visitor turns its own read failures into refusals: what arrives here is the tar format's
            throw ImportRefusedException.request("The tar archive cannot be read: " + e.getMessage() + ".");
        }
    }

    private static void zip(Path archive, int maxEntries, Visitor visitor) throws IOException {
        ZipFile zip;
        try {
            zip = ZipFile.builder().setPath(archive).get();
        } catch (IOException e) {
            throw ImportRefusedException.request("The zip archive cannot be read: " + e.getMessage() + ".");
        }
        try (zip) {
            int entries = 0;
            for (ZipArchiveEntry entry : Collections.list(zip.getEntriesInPhysicalOrder())) {
                count(++entries, maxEntries);
                String name = checkedName(entry.getName());
                if (entry.isUnixSymlink()) {
                    throw ImportRefusedException.request("Archive entry '" + name + "' is a symbolic link; the "
                            + "archive must hold the dump's files themselves.");
                }
                if (entry.isDirectory()) {
                    continue;
                }
                InputStream in;
                try {
                    in = zip.getInputStream(entry);
                } catch (IOException e) {
                    throw ImportRefusedException.request("Zip entry '" + name + "' cannot be read (" + e.getMessage()
                            + "); pack the dump without encryption, deflated or stored.");
                }
                try (in) {
                    visitor.file(name, in);
                }
            }
        }
    }

    private static void count(int entries, int maxEntries) {
        if (entries > maxEntries) {
            throw ImportRefusedException.overLimit("The dump holds more than " + maxEntries + " entries; a mongodump "
                    + "of the catalog has two files per collection.");
        }
    }

    /** The name with forward slashes and without "." segments; refused if it could reach outside the dump. */
    static String checkedName(String raw) {
        if (raw.indexOf('\0') >= 0 || raw.indexOf('\\') >= 0) {
            throw ImportRefusedException.request("Entry name '" + printable(raw) + "' holds a backslash or a NUL "
                    + "character; use forward slashes.");
        }
        if (raw.startsWith("/") || raw.matches("^[A-Za-z]:.*")) {
            throw ImportRefusedException.request("Entry '" + printable(raw) + "' has an absolute path; the "
                    + "archive must hold relative paths such as dump/catalog/brands.bson.");
        }
        List<String> segments = new ArrayList<>();
        for (String segment : raw.split("/")) {
            if (segment.equals("..")) {
                throw ImportRefusedException.request("Entry '" + printable(raw) + "' leads outside the dump (..); "
                        + "the archive must hold relative paths such as dump/catalog/brands.bson.");
            }
            if (!segment.isEmpty() && !segment.equals(".")) {
                segments.add(segment);
            }
        }
        return String.join("/", segments);
    }

    private static String relative(Path dir, Path file) {
        return dir.relativize(file).toString().replace(java.io.File.separatorChar, '/');
    }

    private static String printable(String name) {
        String cut = name.length() > 200 ? name.substring(0, 200) + "..." : name;
        return cut.replaceAll("\\p{Cntrl}", "?");
    }
}
