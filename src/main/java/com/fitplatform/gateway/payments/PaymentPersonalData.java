package com.fitplatform.gateway.payments;

import com.fitplatform.gateway.common.privacy.PersonalDataHolder;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Payments hold a user id per subscription. Erasure keeps the payment records (accounting law)
 * but cuts them from the person: the user id is removed; amounts, states and provider references
 * stay. Provider events are stored normalised (no payer purse, card or e-mail), so nothing else.
 */
@Component
public class PaymentPersonalData implements PersonalDataHolder {

    private final JdbcTemplate jdbc;

    public PaymentPersonalData(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public String area() {
        return "payments";
    }

    @Override
    public Map<String, Object> export(String userId) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put(
                "subscriptions",
                jdbc.queryForList(
                        "select s.id, s.plan, s.amount_minor, s.currency, s.region, s.state, s.created_at,"
                                + " (select json_agg(json_build_object('id', a.id, 'gateway', a.gateway, 'state', a.state,"
                                + " 'amount_minor', a.amount_minor, 'currency', a.currency, 'created_at', a.created_at))"
                                + " from payment_attempt a where a.subscription_id = s.id)::text as attempts"
                                + " from subscription s where s.user_id = ? order by s.created_at",
                        userId));
        return data;
    }

    @Override
    public Map<String, Object> erase(String userId) {
        int subscriptions =
                jdbc.update("update subscription set user_id = null, updated_at = now() where user_id = ?", userId);
        return Map.of("subscriptionsAnonymised", subscriptions);
    }
}
