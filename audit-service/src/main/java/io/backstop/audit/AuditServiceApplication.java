package io.backstop.audit;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;

/** Materializes the capture topics into {@code audit.audit_logs} and serves the audit API (port 8082). */
@SpringBootApplication
@EnableMethodSecurity
@EnableConfigurationProperties(AuditProperties.class)
public class AuditServiceApplication {

    public static void main(String[] args) {
        SpringApplication.run(AuditServiceApplication.class, args);
    }
}
