/** Provider connections: OAuth 2.0 with PKCE, tokens encrypted at rest, refresh and disconnect. */
package com.fitplatform.gateway.health.connect;
