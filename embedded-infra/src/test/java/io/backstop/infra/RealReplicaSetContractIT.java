package io.backstop.infra;

import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * The same contract against a real MongoDB replica set (6.0 or newer, for pre-images), where one is at hand:
 * {@code BACKSTOP_REAL_MONGO_URI=mongodb://host:27017/?replicaSet=rs0}. Skipped, and reported as skipped, without.
 */
@EnabledIfEnvironmentVariable(
        named = "BACKSTOP_REAL_MONGO_URI",
        matches = ".+",
        disabledReason = "no BACKSTOP_REAL_MONGO_URI: no real MongoDB replica set to hold the emulation to")
class RealReplicaSetContractIT extends ReplicaSetContract {

    @Override
    protected String connectionString() {
        return System.getenv("BACKSTOP_REAL_MONGO_URI");
    }
}
