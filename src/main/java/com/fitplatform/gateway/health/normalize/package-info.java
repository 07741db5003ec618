/** The canonical model (metrics, units, plausibility limits) and the step that turns raw payloads into it. */
package com.fitplatform.gateway.health.normalize;
