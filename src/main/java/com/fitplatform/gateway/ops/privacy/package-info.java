/** GDPR: erase and export a user's data across every area's PersonalDataHolder; the erasure record. */
package com.fitplatform.gateway.ops.privacy;
