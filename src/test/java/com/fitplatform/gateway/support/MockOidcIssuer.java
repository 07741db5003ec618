package com.fitplatform.gateway.support;

import java.net.InetAddress;
import no.nav.security.mock.oauth2.MockOAuth2Server;

/**
 * A real OIDC issuer (mock-oauth2-server) beside the gateway, one per test JVM, started when the
 * gateway's configuration first asks for its discovery URL. The gateway's {@code google-mock}
 * provider knows nothing of it but that URL: issuer, endpoints and keys all come from discovery.
 */
public final class MockOidcIssuer {

    /** The issuer id: the path segment of the issuer URL. */
    public static final String ISSUER_ID = "google";

    private static MockOAuth2Server server;

    private MockOidcIssuer() {}

    public static synchronized MockOAuth2Server server() {
        if (server == null) {
            MockOAuth2Server started = new MockOAuth2Server();
            started.start(InetAddress.getLoopbackAddress(), 0);
            Runtime.getRuntime().addShutdownHook(new Thread(started::shutdown));
            server = started;
        }
        return server;
    }

    public static String discoveryUri() {
        return server().wellKnownUrl(ISSUER_ID).toString();
    }
}
