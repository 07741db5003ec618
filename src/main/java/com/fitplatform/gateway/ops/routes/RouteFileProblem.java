package com.fitplatform.gateway.ops.routes;

import java.time.Instant;

/** Why the last edit of a watched file was refused; the running definitions stayed as they were. */
public record RouteFileProblem(String file, String error, Instant at) {}
