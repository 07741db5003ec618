/** Operations: pipeline probes, service tokens for internal callers, signing key rotation, retention. */
package com.fitplatform.gateway.ops;
