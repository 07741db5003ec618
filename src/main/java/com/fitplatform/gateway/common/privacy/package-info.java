/** Personal data held by each integration, exported and erased on the user's request (GDPR). */
package com.fitplatform.gateway.common.privacy;
