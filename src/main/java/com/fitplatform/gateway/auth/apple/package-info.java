/** Sign in with Apple: the ES256 client secret, the form-post callback's user JSON, the sandbox fake. */
package com.fitplatform.gateway.auth.apple;
