package com.fitplatform.gateway.payments;

import com.fitplatform.gateway.common.errors.ProblemException;
import com.fitplatform.gateway.common.errors.ProblemType;
import com.fitplatform.gateway.ops.GatewayConfigChanged;
import com.fitplatform.gateway.ops.GatewayConfigValidator;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * The gateways to try for a region, in order: the first table row listing the region (or "*"),
 * the preferred gateway first when that row allows it, disabled gateways left out.
 *
 * <p>Ops edit the table (routes and {@code gateways.<name>.enabled}) in config/payments.yaml while
 * the gateway runs: an edit naming a gateway no adapter implements is refused before it goes live
 * ({@link GatewayConfigValidator}), an accepted one is re-bound here on {@link GatewayConfigChanged}
 * and routes the next subscription. A subscription already started keeps the attempts it made.
 */
@Component
public class RegionRoutingTable implements GatewayConfigValidator {

    static final String PREFIX = "gateway.payments";
    private static final Logger log = LoggerFactory.getLogger(RegionRoutingTable.class);
    private static final Pattern REGION = Pattern.compile("[A-Z]{2}|\\*");

    private final Set<String> known;
    private final Environment environment;
    private volatile PaymentsProperties properties;

    @Autowired
    public RegionRoutingTable(PaymentsProperties properties, List<PaymentGateway> gateways, Environment environment) {
        this.properties = properties;
        this.known = new TreeSet<>(gateways.stream().map(PaymentGateway::name).toList());
        this.environment = environment;
    }

    /** A fixed table: no live edits. */
    RegionRoutingTable(PaymentsProperties properties) {
        this.properties = properties;
        this.known = Set.of();
        this.environment = null;
    }

    public List<String> chain(String region, String preferred) {
        PaymentsProperties table = properties;
        String country = region.toUpperCase(Locale.ROOT);
        PaymentsProperties.Route route = table.routes().stream()
                .filter(r -> r.regions().stream().anyMatch(c -> c.equalsIgnoreCase(country)))
                .findFirst()
                .or(() -> table.routes().stream()
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
        chain.removeIf(g -> !table.gateways().enabled(g));
        if (chain.isEmpty()) {
            throw new ProblemException(
                    ProblemType.SERVICE_UNAVAILABLE, "Every payment gateway for region " + country + " is disabled");
        }
        return chain;
    }

    /** Refuses an edited table that names a gateway without an adapter or a region that is no country. */
    @Override
    public List<String> validate(Binder candidate) {
        PaymentsProperties edited = candidate.bindOrCreate(PREFIX, Bindable.of(PaymentsProperties.class));
        return problems(edited, known);
    }

    static List<String> problems(PaymentsProperties table, Set<String> known) {
        List<String> problems = new ArrayList<>();
        String names = new TreeSet<>(known).toString();
        if (table.routes().isEmpty()) {
            problems.add("the payment routing table (gateway.payments.routes) is empty");
        }
        for (int i = 0; i < table.routes().size(); i++) {
            PaymentsProperties.Route route = table.routes().get(i);
            String row = "payment route " + (route.name() == null ? "#" + (i + 1) : "'" + route.name() + "'");
            if (route.regions().isEmpty()) {
                problems.add(row + " lists no regions");
            }
            for (String region : route.regions()) {
                if (!REGION.matcher(region).matches()) {
                    problems.add(row + ": region '" + region + "' is not an ISO country code (upper case) or *");
                }
            }
            if (route.chain().isEmpty()) {
                problems.add(row + " has an empty chain");
            }
            for (String gateway : route.chain()) {
                if (!known.contains(gateway)) {
                    problems.add(row + ": unknown gateway '" + gateway + "' in chain (known: " + names + ")");
                }
            }
            for (String gateway : route.preferenceAllowed()) {
                if (!known.contains(gateway)) {
                    problems.add(
                            row + ": unknown gateway '" + gateway + "' in preference-allowed (known: " + names + ")");
                }
            }
        }
        return problems;
    }

    @EventListener
    public void onConfigChanged(GatewayConfigChanged change) {
        if (environment == null || !change.touches(PREFIX)) {
            return;
        }
        properties = Binder.get(environment).bindOrCreate(PREFIX, Bindable.of(PaymentsProperties.class));
        log.info(
                "Payment routing table re-bound from {}: {} routes",
                change.file(),
                properties.routes().size());
    }
}
