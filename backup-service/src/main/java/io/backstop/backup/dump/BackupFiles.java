package io.backstop.backup.dump;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The backup root on disk: {@code <root>/<id>/} for finished backups, {@code <root>/<id>.partial/} while one is being
 * written (renamed atomically on success). Every path is derived from a validated id and checked to stay inside
 * the root.
 */
public final class BackupFiles {

    public static final String PARTIAL_SUFFIX = ".partial";
    public static final String MANIFEST = "manifest.json";
    public static final String PRELUDE = "prelude.json";
    /** Downloads of backups held in object storage, while they are read; emptied at start-up. */
    public static final String STAGING = ".staging";
    /** Uploads and directories being imported, one sub-directory each, until published as a backup. */
    public static final String IMPORTS = ".imports";

    private final Path root;

    public BackupFiles(Path root) {
        this.root = root.toAbsolutePath().normalize();
        try {
            Files.createDirectories(this.root);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the backup root " + this.root, e);
        }
    }

    public Path root() {
        return root;
    }

    public Path dir(String id) {
        return inside(root.resolve(BackupIds.require(id)));
    }

    public Path partialDir(String id) {
        return inside(root.resolve(BackupIds.require(id) + PARTIAL_SUFFIX));
    }

    public boolean exists(String id) {
        return Files.isDirectory(dir(id));
    }

    /** A file named by a manifest, refused if it would leave the backup's directory. */
    public Path fileIn(Path backupDir, String relative) {
        Path resolved = backupDir.resolve(relative).normalize();
        if (!resolved.startsWith(backupDir) || resolved.equals(backupDir)) {
            throw new IllegalArgumentException("Manifest path '" + relative + "' leaves the backup directory");
        }
        return resolved;
    }

    public Path createPartial(String id) {
        Path partial = partialDir(id);
        deleteTree(partial);
        try {
            return Files.createDirectories(partial);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Publishes a finished backup in one rename, so a reader never sees half a backup under its final name. Its
     * files reach the disk before the rename and the rename before this returns: a crash or power cut after a
     * backup is reported complete must not leave only what the page cache had held.
     */
    public Path publish(String id) {
        return publish(id, partialDir(id));
    }

    /** {@link #publish(String)} of a backup written elsewhere under the root, e.g. in an import area. */
    public Path publish(String id, Path from) {
        Path partial = inside(from.toAbsolutePath());
        Path target = dir(id);
        try {
            try (Stream<Path> written = Files.walk(partial)) {
                for (Path path : (Iterable<Path>) written::iterator) {
                    sync(path);
                }
            }
            try {
                Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(partial, target);
            }
            sync(target.getParent());
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot publish backup " + id, e);
        }
    }

    /** fsync of a file or, on the Linux and macOS file systems this runs on, of a directory's entries. */
    private static void sync(Path path) throws IOException {
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    public void deletePartial(String id) {
        deleteTree(partialDir(id));
    }

    public void delete(String id) {
        deleteTree(dir(id));
        deleteTree(partialDir(id));
    }

    /** A fresh, empty directory to download backup {@code id} into for reading. */
    public Path createStaging(String id) {
        try {
            Path staging = root.resolve(STAGING);
            Files.createDirectories(staging);
            return Files.createTempDirectory(staging, BackupIds.require(id) + "-");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create a staging directory under " + root, e);
        }
    }

    public void deleteStaging(Path staging) {
        Path normalized = staging.toAbsolutePath().normalize();
        if (!normalized.startsWith(root.resolve(STAGING)) || normalized.equals(root.resolve(STAGING))) {
            throw new IllegalArgumentException("Path " + staging + " is not a staging directory");
        }
        deleteTree(normalized);
    }

    /**
     * A fresh, empty directory for one import to unpack and convert a mongodump in. Not a {@code .partial} or
     * {@code .staging} directory: the reconciler, which runs while no lock is held, removes those, and an import
     * takes no lock.
     */
    public Path createImportArea() {
        try {
            Path imports = root.resolve(IMPORTS);
            Files.createDirectories(imports);
            return Files.createTempDirectory(imports, "import-");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create an import directory under " + root, e);
        }
    }

    public void deleteImportArea(Path area) {
        Path normalized = area.toAbsolutePath().normalize();
        if (!normalized.startsWith(root.resolve(IMPORTS)) || normalized.equals(root.resolve(IMPORTS))) {
            throw new IllegalArgumentException("Path " + area + " is not an import directory");
        }
        deleteTree(normalized);
    }

    /** Removes import areas a crash left behind; only at start-up, before any import can run. */
    public void deleteAllImportAreas() {
        deleteTree(root.resolve(IMPORTS));
    }

    /** Removes staging copies a crash left behind; only at start-up, when no reader can be using one. */
    public void deleteAllStaging() {
        deleteTree(root.resolve(STAGING));
    }

    /** Ids of {@code .partial} directories left on disk, e.g. by a crash. */
    public List<String> partialIds() {
        List<String> ids = new ArrayList<>();
        try (Stream<Path> children = Files.list(root)) {
            children.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(PARTIAL_SUFFIX))
                    .map(n -> n.substring(0, n.length() - PARTIAL_SUFFIX.length()))
                    .filter(BackupIds::valid)
                    .forEach(ids::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return ids;
    }

    public long sizeOnDisk(String id) {
        Path dir = dir(id);
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile)
                    .mapToLong(p -> p.toFile().length())
                    .sum();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Path inside(Path path) {
        Path normalized = path.normalize();
        if (!normalized.startsWith(root) || normalized.equals(root)) {
            throw new IllegalArgumentException("Path " + path + " is outside the backup root");
        }
        return normalized;
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.delete(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException exc) throws IOException {
                    Files.delete(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot delete " + dir, e);
        }
    }
}
