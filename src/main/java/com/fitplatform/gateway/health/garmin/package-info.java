/** Garmin Health API: ping and push intake, callback pulls, normalizer and sandbox fake. */
package com.fitplatform.gateway.health.garmin;
