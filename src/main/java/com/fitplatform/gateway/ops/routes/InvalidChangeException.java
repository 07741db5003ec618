package com.fitplatform.gateway.ops.routes;

/** A route or config file edit that fails validation; its message is shown to ops as is. */
public class InvalidChangeException extends Exception {

    public InvalidChangeException(String message) {
        super(message);
    }
}
