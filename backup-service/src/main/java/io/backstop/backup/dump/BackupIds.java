package io.backstop.backup.dump;

import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.regex.Pattern;

import io.backstop.support.ApiException;

/** Backup ids like {@code bk-20261126-103000-ab12}: sortable by time, and the only names used under the backup root. */
public final class BackupIds {

    public static final Pattern PATTERN = Pattern.compile("bk-\\d{8}-\\d{6}-[a-z0-9]{4}");
    private static final DateTimeFormatter FORMAT =
            DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);
    private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    private BackupIds() {}

    public static String next(Instant now) {
        StringBuilder id = new StringBuilder("bk-").append(FORMAT.format(now)).append('-');
        for (int i = 0; i < 4; i++) {
            id.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return id.toString();
    }

    public static boolean valid(String id) {
        return id != null && PATTERN.matcher(id).matches();
    }

    /** Rejects anything that is not a backup id before it can name a file: no dots, slashes or other tricks. */
    public static String require(String id) {
        if (!valid(id)) {
            throw ApiException.badRequest(
                    "'" + abbreviate(id) + "' is not a backup id: expected bk-YYYYMMDD-HHMMSS-xxxx "
                            + "(lowercase letters and digits), as listed by GET /api/backups");
        }
        return id;
    }

    private static String abbreviate(String id) {
        if (id == null) {
            return "";
        }
        return id.length() > 40 ? id.substring(0, 40) + "..." : id;
    }
}
