/** Android Health Connect records pushed by the Android app: batch validation and normalizer. */
package com.fitplatform.gateway.health.healthconnect;
