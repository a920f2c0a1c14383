package io.backstop.gateway.security;

import java.time.Clock;
import java.time.Duration;
import java.util.Date;

import org.mongodb.spring.session.MongoIndexedSessionRepository;
import org.mongodb.spring.session.config.annotation.web.http.EnableMongoHttpSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.data.mongodb.core.MongoOperations;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.session.config.SessionRepositoryCustomizer;
import org.springframework.session.web.http.CookieSerializer;
import org.springframework.session.web.http.DefaultCookieSerializer;

/**
 * Browser sessions live in MongoDB ({@code gateway.sessions}), not in one gateway's memory: the production overlay
 * runs two gateway replicas with no affinity, so whichever replica a request reaches must know the login.
 * Basic clients get no session at all (SessionLoginTest). Each browser request costs one read and one write of its
 * session document; docs/scaling.md puts that against the catalog's own write path.
 */
@Configuration(proxyBeanMethods = false)
@EnableMongoHttpSession(collectionName = SharedSessions.COLLECTION)
class SharedSessions {

    static final String COLLECTION = "sessions";
    /** Not JSESSIONID: that name would suggest the servlet container's sessions, which are no longer used. */
    static final String COOKIE = "BACKSTOP_SESSION";

    private static final Logger log = LoggerFactory.getLogger(SharedSessions.class);

    /** server.servlet.session.timeout still sets how long an idle session lives, as it did for Tomcat's. */
    @Bean
    SessionRepositoryCustomizer<MongoIndexedSessionRepository> sessionTimeout(Environment environment) {
        Duration timeout =
                environment.getProperty("server.servlet.session.timeout", Duration.class, Duration.ofMinutes(30));
        return repository -> repository.setDefaultMaxInactiveInterval(timeout);
    }

    /** The cookie keeps the guarantees server.servlet.session.cookie gave Tomcat's: HttpOnly, SameSite=Strict. */
    @Bean
    CookieSerializer sessionCookie() {
        DefaultCookieSerializer cookie = new DefaultCookieSerializer();
        cookie.setCookieName(COOKIE);
        cookie.setCookiePath("/");
        cookie.setUseHttpOnlyCookie(true);
        cookie.setSameSite("Strict");
        return cookie;
    }

    @Bean
    ExpiredSessionSweep expiredSessionSweep(MongoOperations mongo) {
        return new ExpiredSessionSweep(mongo, Clock.systemUTC());
    }

    /**
     * A session past its expiry is already refused on read (the repository checks it); this only frees the space.
     * MongoDB's TTL index does the same in production, but the embedded server has no TTL monitor, and a login
     * storm must not grow the collection for ever.
     */
    static final class ExpiredSessionSweep {

        private final MongoOperations mongo;
        private final Clock clock;

        ExpiredSessionSweep(MongoOperations mongo, Clock clock) {
            this.mongo = mongo;
            this.clock = clock;
        }

        @Scheduled(fixedDelayString = "PT5M", initialDelayString = "PT1M")
        long sweep() {
            long removed = mongo.remove(
                            Query.query(Criteria.where("expireAt").lt(Date.from(clock.instant()))), COLLECTION)
                    .getDeletedCount();
            if (removed > 0) {
                log.info("Removed {} expired browser sessions", removed);
            }
            return removed;
        }
    }
}
