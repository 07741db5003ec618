/**
 * AI services behind a 2 s budget: workout recommendations, the personalized content feed and the
 * daily predictive-analytics trigger, each with a rule-based or catalogue fallback.
 */
package com.fitplatform.gateway.ai;
