/**
 * The provider sandbox: fakes of external providers served by the gateway itself under
 * {@code /sandbox/<provider>}, on only in the embedded profile, refused in production.
 */
package com.fitplatform.gateway.common.sandbox;
