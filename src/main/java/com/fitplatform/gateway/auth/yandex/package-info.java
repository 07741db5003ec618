/** Yandex ID: token exchange and the login.yandex.ru user info, and their sandbox fake. */
package com.fitplatform.gateway.auth.yandex;
