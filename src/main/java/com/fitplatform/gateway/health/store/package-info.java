/** Batch writes of canonical points, rejected points and unknown records; partition upkeep. */
package com.fitplatform.gateway.health.store;
