package io.backstop.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * The Kubernetes manifests, the compose file and the Dockerfiles cannot be applied here (no cluster, no Docker),
 * so their promises are checked as data: probes, limits, non-root users, and no credential written inline.
 */
class DeploymentManifestsTest {

    private static final Path HOME =
            Path.of(System.getProperty("backstop.home", "..")).toAbsolutePath().normalize();
    private static final List<String> SERVICES =
            List.of("catalog-service", "audit-service", "backup-service", "admin-gateway");
    private static final Pattern CREDENTIAL =
            Pattern.compile("(?i).*(SECRET|PASSWORD|TOKEN|MONGODB_URI|CREDENTIAL|ACCESS_KEY|JAAS).*");

    @Test
    void everyDeploymentHasProbesRequestsAndLimits() throws IOException {
        List<Map<String, Object>> deployments = documents(HOME.resolve("deploy/k8s/base"), "Deployment");
        assertThat(deployments).extracting(d -> name(d)).containsExactlyInAnyOrderElementsOf(SERVICES);
        for (Map<String, Object> deployment : deployments) {
            for (Map<String, Object> container : containers(deployment)) {
                String where = name(deployment) + "/" + container.get("name");
                assertThat(container).as(where).containsKeys("readinessProbe", "livenessProbe", "resources");
                Map<String, Object> resources = map(container.get("resources"));
                assertThat(map(resources.get("requests")))
                        .as(where + " requests")
                        .containsKeys("cpu", "memory");
                assertThat(map(resources.get("limits"))).as(where + " limits").containsKeys("cpu", "memory");
                assertThat(path(map(container.get("readinessProbe")), "httpGet", "path"))
                        .isEqualTo("/actuator/health/readiness");
                assertThat(path(map(container.get("livenessProbe")), "httpGet", "path"))
                        .isEqualTo("/actuator/health/liveness");
            }
        }
    }

    @Test
    void bothServicesThatWriteTheCatalogAgreeOnTheCaptureMode() throws IOException {
        // backup-service restores through the same writer as catalog-service: with the outbox relay off, entries it
        // recorded there would never be published or removed
        for (Map<String, Object> deployment : documents(HOME.resolve("deploy/k8s/base"), "Deployment")) {
            if (List.of("catalog-service", "backup-service").contains(name(deployment))) {
                List<Object> env = list(containers(deployment).get(0).get("env"));
                assertThat(env).as(name(deployment)).anySatisfy(e -> assertThat(map(e))
                        .containsEntry("name", "BACKSTOP_CAPTURE_MODE")
                        .containsEntry("value", "debezium"));
            }
        }
    }

    @Test
    void productionOverlayKeepsLimitsOnWhatItResizes() throws IOException {
        for (Map<String, Object> patch : documents(HOME.resolve("deploy/k8s/overlays/production"), "Deployment")) {
            for (Map<String, Object> container : containers(patch)) {
                Map<String, Object> resources = map(container.get("resources"));
                assertThat(map(resources.get("limits"))).as(name(patch)).containsKeys("cpu", "memory");
            }
        }
    }

    @Test
    void noCredentialIsWrittenIntoAManifest() throws IOException {
        List<Map<String, Object>> all = new ArrayList<>();
        all.addAll(documents(HOME.resolve("deploy/k8s"), null));
        assertThat(all)
                .as("a Secret with data belongs outside the repository")
                .noneMatch(
                        d -> "Secret".equals(d.get("kind")) && (d.containsKey("data") || d.containsKey("stringData")));
        for (Map<String, Object> deployment : documents(HOME.resolve("deploy/k8s"), "Deployment")) {
            for (Map<String, Object> container : containers(deployment)) {
                for (Object e : list(container.get("env"))) {
                    Map<String, Object> env = map(e);
                    if (CREDENTIAL.matcher(String.valueOf(env.get("name"))).matches()) {
                        assertThat(env)
                                .as(name(deployment) + " " + env.get("name") + " must come from a Secret")
                                .doesNotContainKey("value")
                                .containsKey("valueFrom");
                    }
                }
            }
        }
    }

    @Test
    void composeTakesCredentialsFromTheEnvironment() throws IOException {
        Map<String, Object> compose =
                new Yaml(new LoaderOptions()).load(Files.readString(HOME.resolve("docker-compose.yml")));
        Map<String, Object> services = map(compose.get("services"));
        assertThat(services)
                .containsKeys("mongo", "kafka", "catalog-service", "audit-service", "backup-service", "admin-gateway");
        assertThat(map(services.get("mongo"))).containsKey("healthcheck");
        assertThat(map(services.get("kafka"))).containsKey("healthcheck");
        for (String service : SERVICES) {
            Map<String, Object> env = map(map(services.get(service)).get("environment"));
            env.forEach((k, v) -> {
                if (CREDENTIAL.matcher(k).matches()
                        && !k.equals("SPRING_MONGODB_URI")
                        && !k.endsWith("SASL_JAAS_CONFIG")) {
                    assertThat(String.valueOf(v)).as(service + " " + k).startsWith("${");
                }
            });
            assertThat(env.get("BACKSTOP_CAPTURE_MODE")).as(service).isEqualTo("debezium");
        }
    }

    /** The embedded stack takes any local client; the production path must not (README, "Security"). */
    @Test
    void composeRunsMongoAndKafkaWithAuthenticationAndEveryServiceLogsIn() throws IOException {
        Map<String, Object> compose =
                new Yaml(new LoaderOptions()).load(Files.readString(HOME.resolve("docker-compose.yml")));
        Map<String, Object> services = map(compose.get("services"));
        Map<String, Object> mongo = map(services.get("mongo"));
        Map<String, Object> mongoEnv = map(mongo.get("environment"));
        assertThat(String.valueOf(mongoEnv.get("MONGO_INITDB_ROOT_USERNAME"))).startsWith("${");
        assertThat(String.valueOf(mongoEnv.get("MONGO_INITDB_ROOT_PASSWORD"))).startsWith("${");
        assertThat(String.valueOf(mongo.get("entrypoint")) + mongo.get("command"))
                .contains("--auth")
                .contains("--keyFile");
        Map<String, Object> kafkaEnv = map(map(services.get("kafka")).get("environment"));
        assertThat(String.valueOf(kafkaEnv.get("KAFKA_ADVERTISED_LISTENERS")).split(","))
                .as("every listener clients reach")
                .allSatisfy(l -> assertThat(l).startsWith("SASL_"));
        assertThat(String.valueOf(kafkaEnv.get("KAFKA_SASL_ENABLED_MECHANISMS")))
                .isNotBlank();
        for (String service : SERVICES) {
            Map<String, Object> env = map(map(services.get(service)).get("environment"));
            assertThat(String.valueOf(env.get("SPRING_MONGODB_URI")))
                    .as(service)
                    .contains("${BACKSTOP_MONGO_USER}:${BACKSTOP_MONGO_PASSWORD}@")
                    .contains("authSource=admin");
            assertThat(String.valueOf(env.get("SPRING_KAFKA_SECURITY_PROTOCOL")))
                    .as(service)
                    .startsWith("SASL_");
            assertThat(env).as(service).containsKey("SPRING_KAFKA_PROPERTIES_SASL_MECHANISM");
            assertThat(String.valueOf(env.get("SPRING_KAFKA_PROPERTIES_SASL_JAAS_CONFIG")))
                    .as(service)
                    .contains("password=\"${BACKSTOP_KAFKA_PASSWORD}\"");
        }
    }

    @Test
    void kubernetesServicesReachKafkaOverTlsWithScramAndMongoWithCredentialsFromSecrets() throws IOException {
        Map<String, Object> kustomization = new Yaml(new LoaderOptions())
                .load(Files.readString(HOME.resolve("deploy/k8s/base/kustomization.yaml")));
        List<Object> literals =
                list(map(list(kustomization.get("configMapGenerator")).get(0)).get("literals"));
        assertThat(literals)
                .contains(
                        "SPRING_KAFKA_SECURITY_PROTOCOL=SASL_SSL",
                        "SPRING_KAFKA_PROPERTIES_SASL_MECHANISM=SCRAM-SHA-512")
                .anySatisfy(l -> assertThat(String.valueOf(l)).startsWith("SPRING_KAFKA_SSL_TRUST_STORE_LOCATION="));
        for (Map<String, Object> deployment : documents(HOME.resolve("deploy/k8s/base"), "Deployment")) {
            List<Object> env = list(containers(deployment).get(0).get("env"));
            for (String secretBacked : List.of("SPRING_MONGODB_URI", "SPRING_KAFKA_PROPERTIES_SASL_JAAS_CONFIG")) {
                assertThat(env).as(name(deployment) + " " + secretBacked).anySatisfy(e -> {
                    assertThat(map(e)).containsEntry("name", secretBacked);
                    assertThat(path(map(e), "valueFrom", "secretKeyRef")).isNotNull();
                });
            }
            assertThat(list(path(deployment, "spec", "template", "spec", "volumes")))
                    .as(name(deployment) + " Kafka CA")
                    .anySatisfy(v ->
                            assertThat(path(map(v), "secret", "secretName")).isEqualTo("backstop-kafka-ca"));
        }
    }

    @Test
    void imagesRunAsANonRootUserWithAHealthCheck() throws IOException {
        for (String service : SERVICES) {
            String dockerfile = Files.readString(HOME.resolve(service).resolve("Dockerfile"));
            assertThat(dockerfile).as(service).contains("AS build").contains("HEALTHCHECK");
            String lastUser = dockerfile
                    .lines()
                    .filter(l -> l.startsWith("USER "))
                    .reduce((a, b) -> b)
                    .orElse("USER root");
            assertThat(lastUser).as(service).isNotIn("USER root", "USER 0");
        }
        assertThat(Files.readString(HOME.resolve("backup-service/Dockerfile"))).contains("mongodb-database-tools");
    }

    private static List<Map<String, Object>> documents(Path dir, String kind) throws IOException {
        List<Map<String, Object>> docs = new ArrayList<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.filter(
                            f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".yml"))
                    .toList()) {
                for (Object doc : new Yaml(new LoaderOptions()).loadAll(Files.readString(file))) {
                    if (doc instanceof Map<?, ?> m && (kind == null || kind.equals(m.get("kind")))) {
                        docs.add(map(m));
                    }
                }
            }
        }
        return docs;
    }

    private static List<Map<String, Object>> containers(Map<String, Object> deployment) {
        return list(path(deployment, "spec", "template", "spec", "containers")).stream()
                .map(DeploymentManifestsTest::map)
                .toList();
    }

    private static String name(Map<String, Object> doc) {
        return String.valueOf(map(doc.get("metadata")).get("name"));
    }

    private static Object path(Map<String, Object> root, String... keys) {
        Object node = root;
        for (String key : keys) {
            node = map(node).get(key);
        }
        return node;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        return o == null ? Map.of() : (Map<String, Object>) o;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object o) {
        return o == null ? List.of() : (List<Object>) o;
    }
}
