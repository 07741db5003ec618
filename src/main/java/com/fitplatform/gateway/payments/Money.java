package com.fitplatform.gateway.payments;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Currency;
import java.util.Locale;

/** Integer minor units inside the gateway; conversions for the adapters that speak decimals. */
public final class Money {

    private Money() {}

    public static int exponent(String currency) {
        int digits = Currency.getInstance(currency.toUpperCase(Locale.ROOT)).getDefaultFractionDigits();
        return Math.max(digits, 0);
    }

    /** 1000 RUB minor units → "10.00". */
    public static String toDecimal(long minor, String currency) {
        return BigDecimal.valueOf(minor, exponent(currency)).toPlainString();
    }

    /** "10.00" → 1000; refuses more fractional digits than the currency has. */
    public static long toMinor(String decimal, String currency) {
        BigDecimal value = new BigDecimal(decimal.trim());
        return value.setScale(exponent(currency), RoundingMode.UNNECESSARY)
                .unscaledValue()
                .longValueExact();
    }

    /** ISO 4217 numeric code, as Sberbank wants it (643 for RUB). */
    public static String numericCode(String currency) {
        return String.format(
                "%03d", Currency.getInstance(currency.toUpperCase(Locale.ROOT)).getNumericCode());
    }
}
