package com.fitplatform.gateway.ops;

import com.fitplatform.gateway.common.security.SecurityConfiguration;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/** Who is calling an ops or privacy endpoint, from the authenticated gateway JWT. */
public final class OpsCallers {

    private OpsCallers() {}

    /** The JWT subject (the value routes see as {@code X-Gateway-Subject}). */
    public static String subject() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        return authentication == null ? "anonymous" : authentication.getName();
    }

    public static boolean hasAuthority(String authority) {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        return authentication != null
                && authentication.getAuthorities().stream().anyMatch(a -> authority.equals(a.getAuthority()));
    }

    public static boolean isOps() {
        return hasAuthority("ROLE_" + SecurityConfiguration.OPS_ROLE);
    }
}
