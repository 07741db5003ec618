/** Apple HealthKit samples pushed by the iOS app: batch validation and normalizer. */
package com.fitplatform.gateway.health.healthkit;
