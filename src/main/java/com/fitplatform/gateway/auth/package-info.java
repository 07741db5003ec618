/**
 * Sign-in: OAuth/OIDC exchange with Google, Apple, Yandex and VK, email/password fallback, account
 * linking, the gateway's own user JWT and rotating refresh tokens.
 */
package com.fitplatform.gateway.auth;
