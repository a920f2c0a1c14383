package io.backstop.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import tools.jackson.databind.JsonNode;

import io.backstop.contracts.Json;

/**
 * A JSON POST written byte by byte on its own connection, for the header bytes no HTTP client library will send:
 * raw UTF-8 or Latin-1 in a header value. Shared through this module's test-jar by every test that needs it.
 */
public final class RawHttp {

    private RawHttp() {}

    /** The status, content type and JSON body (the one object, whether or not it came chunked) of an answer. */
    public record Answer(int status, String contentType, String body) {

        public JsonNode json() {
            return Json.MAPPER.readTree(body);
        }
    }

    /**
     * POSTs {@code json} to {@code base + path} with HTTP Basic credentials, and {@code headerLines} (CRLF-separated)
     * written in {@code charset}.
     */
    public static Answer post(
            URI base, String path, String user, String password, byte[] json, String headerLines, Charset charset)
            throws IOException {
        String basic = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(15_000);
            OutputStream out = socket.getOutputStream();
            out.write(
                    ("POST " + path + " HTTP/1.1\r\nHost: " + base.getAuthority() + "\r\nAuthorization: Basic " + basic
                                    + "\r\nContent-Type: application/json\r\nContent-Length: " + json.length
                                    + "\r\nConnection: close\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
            out.write((headerLines + "\r\n\r\n").getBytes(charset));
            out.write(json);
            out.flush();
            return answer(socket);
        }
    }

    /**
     * GETs {@code base + path} with exactly {@code headerLines} (CRLF-separated, {@code Host} included): for a
     * {@code Host} header no HTTP client library lets a caller choose. Asked as HTTP/1.0, so a large answer
     * comes whole rather than chunked.
     */
    public static Answer get(URI base, String path, String headerLines) throws IOException {
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(15_000);
            OutputStream out = socket.getOutputStream();
            out.write(
                    ("GET " + path + " HTTP/1.0\r\n" + headerLines + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            return answer(socket);
        }
    }

    private static Answer answer(Socket socket) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        socket.getInputStream().transferTo(all);
        String response = all.toString(StandardCharsets.UTF_8);
        String head = response.substring(0, response.indexOf("\r\n\r\n"));
        String contentType = head.lines()
                .filter(l -> l.toLowerCase().startsWith("content-type:"))
                .map(l -> l.substring(13).trim())
                .findFirst()
                .orElse("");
        String rest = response.substring(head.length() + 4);
        // small JSON answers: the object is the body whether or not it came in one chunk
        String body = rest.contains("{") ? rest.substring(rest.indexOf('{'), rest.lastIndexOf('}') + 1) : rest;
        return new Answer(Integer.parseInt(head.substring(9, 12)), contentType, body);
    }
}
