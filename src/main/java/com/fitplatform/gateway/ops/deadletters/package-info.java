/** Dead letters: list every DLQ.* queue with the failure reason, replay a message or discard it. */
package com.fitplatform.gateway.ops.deadletters;
