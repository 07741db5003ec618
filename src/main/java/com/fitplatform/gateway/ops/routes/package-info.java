/** Live edits of routes/ and config/: validated, applied without a restart, audited; route statistics. */
package com.fitplatform.gateway.ops.routes;
