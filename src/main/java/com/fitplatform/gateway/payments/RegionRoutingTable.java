package com.fitplatform.gateway.payments;

import com.fitplatform.gateway.common.errors.ProblemException;
import com.fitplatform.gateway.common.errors.ProblemType;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.springframework.stereotype.Component;

/**
 * The gateways to try for a region, in order: the first table row listing the region (or "*"),
 * the preferred gateway first when that row allows it, disabled gateways left out.
 */
@Component
public class RegionRoutingTable {

    private final PaymentsProperties properties;

    public RegionRoutingTable(PaymentsProperties properties) {
        this.properties = properties;
    }

    public List<String> chain(String region, String preferred) {
        String country = region.toUpperCase(Locale.ROOT);
        PaymentsProperties.Route route = properties.routes().stream()
                .filter(r -> r.regions().stream().anyMatch(c -> c.equalsIgnoreCase(country)))
                .findFirst()
                .or(() -> properties.routes().stream()
                        .filter(r -> r.regions().contains("*"))
                        .findFirst())
                .orElseThrow(() ->
                        new ProblemException(ProblemType.UNPROCESSABLE, "No payment gateway serves region " + country));
        List<String> chain = new ArrayList<>(route.chain());
        if (preferred != null && !preferred.isBlank()) {
            String wanted = preferred.toLowerCase(Locale.ROOT);
            if (!route.preferenceAllowed().contains(wanted)) {
                throw new ProblemException(
                        ProblemType.UNPROCESSABLE, "Gateway " + wanted + " is not offered in region " + country);
            }
            chain.remove(wanted);
            chain.add(0, wanted);
        }
        chain.removeIf(g -> !properties.gateways().enabled(g));
        if (chain.isEmpty()) {
            throw new ProblemException(
                    ProblemType.SERVICE_UNAVAILABLE, "Every payment gateway for region " + country + " is disabled");
        }
        return chain;
    }
}
