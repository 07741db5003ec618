package com.fitplatform.gateway.common.messaging;

import java.io.IOException;
import java.net.ServerSocket;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.jms.artemis.ArtemisConfigurationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Shapes the embedded Artemis broker: a TCP acceptor beside the in-VM one (so a second gateway or
 * any JMS client can connect), and the dead-letter and expiry policy of {@link BrokerProperties}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "spring.artemis.mode", havingValue = "embedded", matchIfMissing = true)
public class EmbeddedBrokerConfiguration {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedBrokerConfiguration.class);

    @Bean
    ArtemisConfigurationCustomizer gatewayBrokerCustomizer(BrokerProperties broker) {
        return configuration -> {
            int port = broker.tcpPort() == 0 ? freePort() : broker.tcpPort();
            try {
                configuration.addAcceptorConfiguration(
                        "tcp", "tcp://" + broker.tcpHost() + ":" + port + "?protocols=CORE");
            } catch (Exception e) {
                throw new IllegalStateException("Cannot configure the broker's TCP acceptor", e);
            }
            configuration.addAddressSetting("#", addressSettings(broker));
            configuration.setJMXManagementEnabled(false);
            log.info("Embedded Artemis accepts TCP connections on {}:{}", broker.tcpHost(), port);
        };
    }

    static AddressSettings addressSettings(BrokerProperties broker) {
        return new AddressSettings()
                .setDeadLetterAddress(SimpleString.of(broker.deadLetterAddress()))
                .setAutoCreateDeadLetterResources(true)
                .setDeadLetterQueuePrefix(SimpleString.of("DLQ."))
                .setExpiryAddress(SimpleString.of(broker.expiryAddress()))
                .setAutoCreateExpiryResources(true)
                .setExpiryQueuePrefix(SimpleString.of("EXP."))
                .setRedeliveryDelay(broker.redeliveryDelay().toMillis())
                .setRedeliveryMultiplier(broker.redeliveryMultiplier())
                .setMaxRedeliveryDelay(broker.maxRedeliveryDelay().toMillis())
                .setMaxDeliveryAttempts(broker.maxDeliveryAttempts())
                .setAutoCreateQueues(true)
                .setAutoCreateAddresses(true);
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("No free port for the broker's TCP acceptor", e);
        }
    }
}
