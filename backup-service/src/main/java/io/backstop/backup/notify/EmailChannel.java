package io.backstop.backup.notify;

import java.util.List;

import org.springframework.mail.MailSendException;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSender;

/** Plain-text e-mail through Spring's {@link JavaMailSender} (SMTP server from {@code spring.mail.*}). */
public final class EmailChannel implements NotificationChannel {

    private final JavaMailSender mail;
    private final List<String> to;
    private final String from;
    private final String subjectPrefix;

    public EmailChannel(JavaMailSender mail, List<String> to, String from, String subjectPrefix) {
        this.mail = mail;
        this.to = List.copyOf(to);
        this.from = from;
        this.subjectPrefix = subjectPrefix;
    }

    @Override
    public String name() {
        return "e-mail to " + to.size() + " recipient(s)";
    }

    @Override
    public void send(Notification notification) throws MailSendException {
        SimpleMailMessage message = new SimpleMailMessage();
        message.setFrom(from);
        message.setTo(to.toArray(String[]::new));
        message.setSubject((subjectPrefix.isBlank() ? "" : subjectPrefix + " ") + notification.title());
        StringBuilder body = new StringBuilder(notification.text()).append("\n\n");
        notification
                .fields()
                .forEach((k, v) -> body.append(k).append(": ").append(v).append('\n'));
        message.setText(body.toString());
        mail.send(message);
    }
}
