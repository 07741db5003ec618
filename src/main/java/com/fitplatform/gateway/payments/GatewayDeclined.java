package com.fitplatform.gateway.payments;

import com.fitplatform.gateway.common.resilience.ServiceAnswered;

/** The gateway answered and said no (a decline or a refused request): final, never a fallback. */
public class GatewayDeclined extends RuntimeException implements ServiceAnswered {

    private final String code;

    public GatewayDeclined(String code, String message) {
        super(message);
        this.code = code;
    }

    public String code() {
        return code;
    }
}
