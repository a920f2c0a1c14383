package io.backstop.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;

import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.mongodb.core.MongoOperations;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;

import io.backstop.gateway.AdminGatewayApplication;
import io.backstop.gateway.GatewayTestSupport;
import io.backstop.gateway.SessionStore;

/**
 * Two gateway replicas with one session store, as the production overlay runs them behind a load balancer with no
 * affinity: a browser that logged in through one is known to the other, and a logout on either ends it on both.
 */
class SharedSessionsTest extends GatewayTestSupport {

    private static ConfigurableApplicationContext second;

    @Autowired
    MongoOperations mongo;

    @BeforeAll
    static void startSecondReplica() {
        second = new SpringApplicationBuilder(AdminGatewayApplication.class)
                .profiles("embedded")
                .run(
                        "--server.port=0",
                        "--spring.main.banner-mode=off",
                        "--spring.kafka.listener.auto-startup=false",
                        "--spring.mongodb.uri=" + SessionStore.uri(),
                        "--backstop.gateway.services.catalog=" + catalog.uri(),
                        "--backstop.gateway.services.audit=" + audit.uri(),
                        "--backstop.gateway.services.backup=" + backup.uri());
    }

    @AfterAll
    static void stopSecondReplica() {
        if (second != null) {
            second.close();
        }
    }

    private static URI onSecond(String path) {
        return URI.create("http://127.0.0.1:" + second.getEnvironment().getProperty("local.server.port") + path);
    }

    @Test
    void aLoginThroughOneReplicaIsKnownToTheOther() throws Exception {
        Browser browser = new Browser();
        assertThat(browser.login("editor", "editor").statusCode()).isEqualTo(200);

        HttpResponse<String> me =
                browser.send(HttpRequest.newBuilder(onSecond("/api/me")).GET());

        assertThat(me.statusCode()).isEqualTo(200);
        assertThat(me.body()).contains("\"username\":\"editor\"");
    }

    @Test
    void aWriteThroughTheOtherReplicaPassesItsCsrfCheck() throws Exception {
        Browser browser = new Browser();
        browser.login("editor", "editor");

        HttpResponse<String> write = browser.send(HttpRequest.newBuilder(onSecond("/api/catalog/brands"))
                .header("Content-Type", "application/json")
                .header("X-XSRF-TOKEN", browser.csrfCookie())
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"X\"}")));

        assertThat(write.statusCode()).as(write.body()).isEqualTo(200);
    }

    @Test
    void aLogoutThroughOneReplicaEndsTheSessionOnBoth() throws Exception {
        Browser browser = new Browser();
        browser.login("viewer", "viewer");

        HttpResponse<String> logout = browser.send(HttpRequest.newBuilder(onSecond("/logout"))
                .header("X-XSRF-TOKEN", browser.csrfCookie())
                .POST(HttpRequest.BodyPublishers.noBody()));

        assertThat(logout.statusCode()).isEqualTo(204);
        assertThat(browser.send(HttpRequest.newBuilder(url("/api/me")).GET()).statusCode())
                .isEqualTo(401);
    }

    @Test
    void theSweepRemovesOnlyExpiredSessions() {
        Instant now = Instant.parse("2026-12-08T10:00:00Z");
        mongo.insert(
                new Document("_id", "expired").append("expireAt", Date.from(now.minusSeconds(1))),
                SharedSessions.COLLECTION);
        mongo.insert(
                new Document("_id", "live").append("expireAt", Date.from(now.plusSeconds(60))),
                SharedSessions.COLLECTION);

        long removed = new SharedSessions.ExpiredSessionSweep(mongo, Clock.fixed(now, ZoneOffset.UTC)).sweep();

        assertThat(removed).isGreaterThanOrEqualTo(1);
        assertThat(mongo.exists(Query.query(Criteria.where("_id").is("expired")), SharedSessions.COLLECTION))
                .isFalse();
        assertThat(mongo.exists(Query.query(Criteria.where("_id").is("live")), SharedSessions.COLLECTION))
                .isTrue();
    }
}
