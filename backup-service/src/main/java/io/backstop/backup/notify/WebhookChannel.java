package io.backstop.backup.notify;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.backstop.contracts.Json;

/**
 * A JSON POST any chat tool or automation can take: Slack's incoming-webhook shape ({@code text}, and
 * {@code attachments} with a colour and one field per fact), with the same facts machine-readable under
 * {@code backstop}. 2xx is success; 408, 429 and 5xx are retried; other 4xx are permanent.
 */
public final class WebhookChannel implements NotificationChannel {

    private final URI url;
    private final Duration timeout;
    private final HttpClient http;

    public WebhookChannel(URI url, Duration timeout) {
        this.url = url;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder()
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    @Override
    public String name() {
        return "webhook " + url.getScheme() + "://" + url.getHost() + (url.getPort() < 0 ? "" : ":" + url.getPort());
    }

    @Override
    public void send(Notification notification) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(url)
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(Json.MAPPER.writeValueAsBytes(body(notification))))
                .build();
        HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
        int status = response.statusCode();
        if (status / 100 == 2) {
            return;
        }
        String message = name() + " answered HTTP " + status;
        if (status == 408 || status == 429 || status >= 500) {
            throw new IllegalStateException(message);
        }
        throw new PermanentFailure(message);
    }

    static Map<String, Object> body(Notification n) {
        List<Map<String, Object>> fields = new ArrayList<>();
        n.fields().forEach((k, v) -> {
            if (!(v instanceof Map<?, ?>)) {
                fields.add(Map.of(
                        "title",
                        k,
                        "value",
                        String.valueOf(v),
                        "short",
                        String.valueOf(v).length() < 40));
            }
        });
        Map<String, Object> attachment = new LinkedHashMap<>();
        attachment.put("color", n.succeeded() ? "good" : "danger");
        attachment.put("fallback", n.title());
        attachment.put("fields", fields);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("text", n.text());
        body.put("attachments", List.of(attachment));
        body.put("backstop", n.fields());
        return body;
    }
}
