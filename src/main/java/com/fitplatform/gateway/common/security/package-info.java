/** The gateway's own JWTs (signing, rotation, JWKS) and who may call what. */
package com.fitplatform.gateway.common.security;
