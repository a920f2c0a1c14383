package io.backstop.system;

import io.backstop.stack.GatewayClient;

/** API clients of the shared test stack's gateway, as curl would be. */
final class Api {

    private Api() {}

    static GatewayClient as(String user, String password) {
        return GatewayClient.as(RunningStack.get().gatewayUrl(), user, password);
    }

    static GatewayClient at(String gatewayUrl, String user, String password) {
        return GatewayClient.as(gatewayUrl, user, password);
    }

    static GatewayClient anonymous() {
        return GatewayClient.anonymous(RunningStack.get().gatewayUrl());
    }
}
