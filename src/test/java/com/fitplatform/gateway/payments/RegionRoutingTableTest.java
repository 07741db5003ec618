package com.fitplatform.gateway.payments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fitplatform.gateway.common.errors.ProblemException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The routing table ops edit: region to chain, preference where allowed, disabled gateways skipped. */
class RegionRoutingTableTest {

    private static final List<PaymentsProperties.Route> ROUTES = List.of(
            new PaymentsProperties.Route(
                    "russia",
                    List.of("RU"),
                    List.of("yookassa", "sberbank", "webmoney"),
                    List.of("yookassa", "sberbank", "webmoney")),
            new PaymentsProperties.Route("default", List.of("*"), List.of("stripe"), List.of("stripe")));

    @Test
    void shouldRouteRussiaToTheYooKassaChainAndOthersToStripe() {
        RegionRoutingTable table = table(true, true, true, true);

        assertThat(table.chain("RU", null)).containsExactly("yookassa", "sberbank", "webmoney");
        assertThat(table.chain("ru", null)).containsExactly("yookassa", "sberbank", "webmoney");
        assertThat(table.chain("US", null)).containsExactly("stripe");
        assertThat(table.chain("DE", null)).containsExactly("stripe");
        assertThat(table.chain("BR", null)).containsExactly("stripe");
    }

    @Test
    void shouldPutThePreferredGatewayFirstWhenTheRegionAllowsIt() {
        RegionRoutingTable table = table(true, true, true, true);

        assertThat(table.chain("RU", "webmoney")).containsExactly("webmoney", "yookassa", "sberbank");
        assertThat(table.chain("RU", "sberbank")).containsExactly("sberbank", "yookassa", "webmoney");
        assertThatThrownBy(() -> table.chain("US", "yookassa")).isInstanceOf(ProblemException.class);
        assertThatThrownBy(() -> table.chain("RU", "stripe")).isInstanceOf(ProblemException.class);
    }

    @Test
    void shouldSkipDisabledGatewaysAndRefuseWhenNoneIsLeft() {
        assertThat(table(true, false, true, true).chain("RU", null)).containsExactly("sberbank", "webmoney");
        assertThat(table(true, false, true, true).chain("RU", "yookassa")).containsExactly("sberbank", "webmoney");
        assertThatThrownBy(() -> table(false, true, true, true).chain("US", null))
                .isInstanceOfSatisfying(
                        ProblemException.class,
                        e -> assertThat(e.type().status()).isEqualTo(503));
    }

    @Test
    void shouldRefuseATableNamingAnUnknownGatewayOrARegionThatIsNoCountry() {
        Set<String> known = Set.of("stripe", "yookassa", "sberbank", "webmoney");
        List<PaymentsProperties.Route> edited = List.of(
                new PaymentsProperties.Route(
                        "russia", List.of("RU", "Kazakhstan"), List.of("yookassa", "paypal"), List.of("qiwi")),
                new PaymentsProperties.Route("default", List.of("*"), List.of(), List.of()));

        assertThat(RegionRoutingTable.problems(properties(ROUTES), known)).isEmpty();
        assertThat(RegionRoutingTable.problems(properties(edited), known))
                .containsExactly(
                        "payment route 'russia': region 'Kazakhstan' is not an ISO country code (upper case) or *",
                        "payment route 'russia': unknown gateway 'paypal' in chain (known: [sberbank, stripe,"
                                + " webmoney, yookassa])",
                        "payment route 'russia': unknown gateway 'qiwi' in preference-allowed (known: [sberbank,"
                                + " stripe, webmoney, yookassa])",
                        "payment route 'default' has an empty chain");
        assertThat(RegionRoutingTable.problems(properties(List.of()), known))
                .containsExactly("the payment routing table (gateway.payments.routes) is empty");
    }

    @Test
    void shouldConvertMinorUnitsForEachAdapter() {
        assertThat(Money.toDecimal(10000, "RUB")).isEqualTo("100.00");
        assertThat(Money.toDecimal(1465, "USD")).isEqualTo("14.65");
        assertThat(Money.toDecimal(500, "JPY")).isEqualTo("500");
        assertThat(Money.toMinor("14.65", "USD")).isEqualTo(1465);
        assertThat(Money.toMinor("12.1", "RUB")).isEqualTo(1210);
        assertThat(Money.numericCode("RUB")).isEqualTo("643");
        assertThatThrownBy(() -> Money.toMinor("1.005", "RUB")).isInstanceOf(ArithmeticException.class);
    }

    private static RegionRoutingTable table(boolean stripe, boolean yookassa, boolean sberbank, boolean webmoney) {
        return new RegionRoutingTable(properties(ROUTES, stripe, yookassa, sberbank, webmoney));
    }

    private static PaymentsProperties properties(List<PaymentsProperties.Route> routes) {
        return properties(routes, true, true, true, true);
    }

    private static PaymentsProperties properties(
            List<PaymentsProperties.Route> routes,
            boolean stripe,
            boolean yookassa,
            boolean sberbank,
            boolean webmoney) {
        return new PaymentsProperties(
                routes,
                3,
                List.of(Duration.ofHours(1)),
                Duration.ofMinutes(15),
                8,
                "http://localhost",
                "http://localhost/return",
                new PaymentsProperties.Gateways(
                        new PaymentsProperties.Stripe(stripe, "u", "sk_test_x", "whsec_x", Duration.ofSeconds(300)),
                        new PaymentsProperties.YooKassa(yookassa, "u", "1", "s", List.of()),
                        new PaymentsProperties.Sberbank(sberbank, "u", "n", "p", "t"),
                        new PaymentsProperties.WebMoney(
                                webmoney, "u", "P123456789012", "s", "sha256", "0", "123456789012", "u")),
                new PaymentsProperties.Email("u", "k"));
    }
}
