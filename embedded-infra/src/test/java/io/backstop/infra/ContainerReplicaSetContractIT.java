package io.backstop.infra;

import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.mongodb.MongoDBContainer;

/**
 * The contract against a real MongoDB 7 replica set in a container, where Docker is: what keeps the emulation
 * honest. Skipped, and reported as skipped, where there is no Docker (this machine, see PLATFORM.md).
 */
@Testcontainers(disabledWithoutDocker = true)
class ContainerReplicaSetContractIT extends ReplicaSetContract {

    @Container
    static final MongoDBContainer MONGO = new MongoDBContainer("mongo:7.0");

    @Override
    protected String connectionString() {
        return MONGO.getReplicaSetUrl();
    }
}
