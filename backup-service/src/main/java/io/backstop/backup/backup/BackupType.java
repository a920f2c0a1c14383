package io.backstop.backup.backup;

import java.util.Locale;

/** Why a backup exists; {@code IMPORTED} is a mongodump made elsewhere and brought in (see {@code imports}). */
public enum BackupType {
    MANUAL,
    SCHEDULED,
    PRE_RESTORE,
    IMPORTED;

    public String value() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static BackupType of(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT).replace('-', '_'));
    }
}
