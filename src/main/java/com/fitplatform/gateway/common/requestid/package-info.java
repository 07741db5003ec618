/** The request id: taken from the caller or made, then carried through logs, JMS and outbound calls. */
package com.fitplatform.gateway.common.requestid;
