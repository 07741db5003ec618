package com.fitplatform.gateway.health.connect;

import com.fitplatform.gateway.common.resilience.ProviderAnswered;

/** The provider refused the refresh token (invalid_grant): the user must connect again. */
public class NeedsReconsent extends ProviderAnswered {
    public NeedsReconsent(String provider) {
        super(400, provider + " connection needs re-consent");
    }
}
