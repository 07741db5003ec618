package com.fitplatform.gateway.health.sync;

import com.fasterxml.jackson.databind.JsonNode;

/** Pulls data a provider announced by a ping (Garmin callback URLs); returns the raw message or null. */
public interface CallbackPuller {
    String pull(JsonNode request) throws Exception;
}
