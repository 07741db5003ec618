/** Google Fit REST API: dataset:aggregate pulls, normalizer and sandbox fake. */
package com.fitplatform.gateway.health.googlefit;
