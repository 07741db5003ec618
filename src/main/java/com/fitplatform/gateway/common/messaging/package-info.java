/** JMS on ActiveMQ Artemis: the embedded broker, redelivery and dead letters, external broker by URL. */
package com.fitplatform.gateway.common.messaging;
