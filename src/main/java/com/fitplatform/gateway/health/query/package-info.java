/** The metrics query API: raw points and hourly/daily aggregates computed in SQL, with source choice. */
package com.fitplatform.gateway.health.query;
