package com.fitplatform.gateway.ops;

import java.util.List;
import org.springframework.boot.context.properties.bind.Binder;

/**
 * Checks an edited configuration before it goes live: implement it as a bean for the settings your
 * area reloads (a payment routing table naming only known gateways...). A non-empty answer refuses
 * the edit and nothing changes; the messages are shown to ops.
 */
public interface GatewayConfigValidator {

    /** Problems of the candidate configuration ({@code binder} sees the edited files), or none. */
    List<String> validate(Binder candidate);
}
