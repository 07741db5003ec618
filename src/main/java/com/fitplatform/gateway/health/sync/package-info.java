/** Resumable sync jobs (initial 90 days, incremental, notification-triggered) with per-day state. */
package com.fitplatform.gateway.health.sync;
