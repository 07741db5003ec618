/**
 * Health data: connections to Fitbit, Garmin and Google Fit, pushes from Apple HealthKit and Health
 * Connect, a queue pipeline (raw, normalized, stored) into one canonical time-series table, sync jobs
 * and a query API.
 */
package com.fitplatform.gateway.health;
