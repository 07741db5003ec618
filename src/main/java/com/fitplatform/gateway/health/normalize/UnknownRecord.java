package com.fitplatform.gateway.health.normalize;

/** A record of a type the gateway does not map yet: stored raw and reported. */
public record UnknownRecord(String type, String recordKey, Object payload) {}
