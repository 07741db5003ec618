/** Workout recommendations: request checks, the model's answer checks, the rule-based fallback, the sandbox fake. */
package com.fitplatform.gateway.ai.recommendations;
