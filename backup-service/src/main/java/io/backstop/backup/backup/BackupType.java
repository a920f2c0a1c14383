package io.backstop.backup.backup;

import java.util.Locale;

public enum BackupType {
    MANUAL, SCHEDULED, PRE_RESTORE;

    public String value() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static BackupType of(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT).replace('-', '_'));
    }
}
