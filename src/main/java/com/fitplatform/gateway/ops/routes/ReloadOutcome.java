package com.fitplatform.gateway.ops.routes;

import java.util.List;

/**
 * What one reload of one file did.
 *
 * @param outcome {@code applied}, {@code removed}, {@code unchanged}, {@code refused} (invalid, nothing
 *     changed), {@code failed} (valid but could not start; the old routes were restored) or {@code
 *     restart-required} (REST and route-configuration files apply at the next start)
 * @param routeIds the routes the file defines now
 */
public record ReloadOutcome(String file, String outcome, List<String> routeIds, String detail) {}
