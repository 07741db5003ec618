/** Google sign-in: the sandbox fake of Google's OIDC issuer (the client is the generic OIDC one). */
package com.fitplatform.gateway.auth.google;
