package io.backstop.backup.dump;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.backstop.contracts.Topics;

/**
 * Runs the real {@code mongodump} binary, one collection at a time, with an argument list (never a shell). The
 * connection string goes into a private config file, not onto the command line where {@code ps} would show it.
 * The manifest is then computed from the files mongodump wrote.
 */
public final class MongodumpDumper implements Dumper {

    private final Path binary;
    private final String connectionString;
    private final String database;

    public MongodumpDumper(Path binary, String connectionString, String database) {
        this.binary = binary;
        this.connectionString = connectionString;
        this.database = database;
    }

    /** The binary if {@code name} is a path to an executable or found on PATH. */
    public static Optional<Path> locate(String name) {
        Path direct = Path.of(name);
        if (direct.isAbsolute() || name.contains(File.separator)) {
            return Files.isExecutable(direct) ? Optional.of(direct) : Optional.empty();
        }
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        return Stream.of(path.split(File.pathSeparator))
                .filter(s -> !s.isBlank())
                .map(dir -> Path.of(dir, name))
                .filter(Files::isExecutable)
                .findFirst();
    }

    @Override
    public DumpResult dump(Path dir, Progress progress) throws IOException, InterruptedException {
        Path config = Files.createTempFile(
                "mongodump-",
                ".yaml",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try {
            Files.writeString(
                    config, "uri: \"" + connectionString.replace("\"", "\\\"") + "\"\n", StandardCharsets.UTF_8);
            long total = 0;
            List<Manifest.CollectionEntry> entries = new ArrayList<>();
            List<Manifest.FileEntry> files = new ArrayList<>();
            for (String collection : Topics.CATALOG_COLLECTIONS) {
                run(
                        List.of(
                                binary.toString(),
                                "--config=" + config,
                                "--db=" + database,
                                "--collection=" + collection,
                                "--gzip",
                                "--out=" + dir),
                        dir);
                String dataFile = Dumper.dataFile(database, collection);
                String metadataFile = Dumper.metadataFile(database, collection);
                FileDigests.FileFacts data = FileDigests.read(dir, dataFile);
                files.add(data.entry());
                files.add(FileDigests.read(dir, metadataFile).entry());
                total += data.documents();
                entries.add(new Manifest.CollectionEntry(collection, data.documents(), dataFile, metadataFile));
                progress.dumped(collection, data.documents(), total, total);
            }
            for (String prelude : List.of(BackupFiles.PRELUDE, BackupFiles.PRELUDE + ".gz")) {
                if (Files.exists(dir.resolve(prelude))) {
                    files.add(FileDigests.read(dir, prelude).entry());
                }
            }
            return new DumpResult("mongodump", false, entries, files);
        } finally {
            Files.deleteIfExists(config);
        }
    }

    private static void run(List<String> command, Path dir) throws IOException, InterruptedException {
        Path log = dir.resolve("mongodump.log");
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        try {
            if (!process.waitFor(6, TimeUnit.HOURS) || process.exitValue() != 0) {
                String tail = Files.readString(log, StandardCharsets.UTF_8);
                throw new IOException("mongodump failed (exit " + (process.isAlive() ? "timeout" : process.exitValue())
                        + "): " + tail.substring(Math.max(0, tail.length() - 2000)));
            }
        } finally {
            process.destroyForcibly();
        }
        Files.deleteIfExists(log);
    }
}
