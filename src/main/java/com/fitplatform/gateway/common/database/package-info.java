/** PostgreSQL: embedded by default (real binaries, data under ./data/postgres), external by URL. */
package com.fitplatform.gateway.common.database;
