/** Fitbit Web API: OAuth client, data pulls with its rate limit, subscriber webhook, normalizer and sandbox fake. */
package com.fitplatform.gateway.health.fitbit;
