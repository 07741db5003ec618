/** The daily predictive-analytics trigger (once per date across instances), its client and sandbox fake. */
package com.fitplatform.gateway.ai.analytics;
