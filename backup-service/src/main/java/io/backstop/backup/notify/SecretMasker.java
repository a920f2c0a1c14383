package io.backstop.backup.notify;

import java.util.List;
import java.util.Objects;

/** Replaces every configured secret (webhook URL, SMTP password, S3 key) in a message before it is logged. */
public final class SecretMasker {

    private final List<String> secrets;

    public SecretMasker(List<String> secrets) {
        this.secrets = secrets.stream()
                .filter(Objects::nonNull)
                .filter(s -> s.length() >= 4)
                // longest first, so a URL is masked whole before a secret inside it
                .sorted((a, b) -> b.length() - a.length())
                .toList();
    }

    public String mask(String message) {
        if (message == null) {
            return null;
        }
        String masked = message;
        for (String secret : secrets) {
            masked = masked.replace(secret, "****");
        }
        return masked;
    }
}
