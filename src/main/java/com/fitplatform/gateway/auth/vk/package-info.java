/** VK ID: PKCE token exchange at id.vk.com/oauth2/auth, user info, and their sandbox fake. */
package com.fitplatform.gateway.auth.vk;
