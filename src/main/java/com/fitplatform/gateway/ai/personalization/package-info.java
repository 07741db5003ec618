/** The personalized content feed: request checks, answer checks, the catalogue fallback, the sandbox fake. */
package com.fitplatform.gateway.ai.personalization;
