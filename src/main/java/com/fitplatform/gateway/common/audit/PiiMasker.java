package com.fitplatform.gateway.common.audit;

import ch.qos.logback.classic.spi.ILoggingEvent;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Marker;
import org.slf4j.MarkerFactory;

/**
 * Masks personal data and secrets in free text before it is logged or stored: emails, phone
 * numbers, values of known personal or secret fields (JSON, form or header style), bearer and
 * OAuth tokens, JWTs, provider keys, and 13 to 19 digit card numbers that pass the Luhn check.
 */
public final class PiiMasker {

    public static final String MASK = "***";

    /**
     * Marks a log line built only from values that went through {@link #mask} already (audit
     * lines): the log converters pass it as it is instead of running every pattern over it again.
     */
    public static final Marker MASKED = MarkerFactory.getMarker("MASKED");

    /** The event's message as it may be written: masked unless it was built from masked values. */
    static String loggable(ILoggingEvent event, String message) {
        return event.getMarkerList() != null && event.getMarkerList().contains(MASKED) ? message : mask(message);
    }

    private static final Pattern EMAIL = Pattern.compile("[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\\.[A-Za-z]{2,}");

    // Values of fields whose name says they are personal or secret, in JSON ("name": "x"),
    // form or query (name=x) and header (Name: x) style.
    private static final String SENSITIVE_FIELD = "(?i)(?:[\\w-]*(?:password|passwd|secret|token|api[_-]?key|"
            + "authorization|cookie|email|e-mail|phone|first[_-]?name|last[_-]?name|full[_-]?name|"
            + "display[_-]?name|given[_-]?name|family[_-]?name|middle[_-]?name|birth[_-]?date|"
            + "card[_-]?number|pan|cvc|cvv|iban|address|signature|code[_-]?verifier)|name|login|user)";
    private static final Pattern JSON_FIELD =
            Pattern.compile("(\"" + SENSITIVE_FIELD + "\"\\s*:\\s*)(\"(?:[^\"\\\\]|\\\\.)*\"|[^,}\\]\\s]+)");
    private static final Pattern FORM_FIELD = Pattern.compile("((?:^|[?&\\s;,])" + SENSITIVE_FIELD + "=)([^&\\s;,]+)");
    private static final Pattern HEADER_FIELD =
            Pattern.compile("(?im)^((?:authorization|proxy-authorization|cookie|set-cookie|x-api-key)\\s*:\\s*)(.+)$");

    private static final Pattern BEARER = Pattern.compile("(?i)\\b(bearer|basic|oauth)\\s+[A-Za-z0-9\\-._~+/]+=*");
    private static final Pattern JWT = Pattern.compile("\\beyJ[A-Za-z0-9_-]*\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]*");
    private static final Pattern PROVIDER_KEY =
            Pattern.compile("\\b(?:sk|rk|pk|whsec|seti|pi|cus)_(?:live|test)?_?[A-Za-z0-9]{8,}\\b");
    private static final Pattern PHONE = Pattern.compile("(?<![\\w.])\\+?\\d[\\d ()-]{8,}\\d(?![\\w.])");
    private static final Pattern DIGIT_RUN = Pattern.compile("(?<!\\d)\\d(?:[ -]?\\d){12,18}(?!\\d)");

    private PiiMasker() {}

    /** The text with every recognised piece of personal data or secret replaced by {@link #MASK}. */
    public static String mask(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String masked = HEADER_FIELD.matcher(text).replaceAll("$1" + MASK);
        masked = JSON_FIELD.matcher(masked).replaceAll(match -> quoteAware(match.group(1), match.group(2)));
        masked = FORM_FIELD.matcher(masked).replaceAll("$1" + MASK);
        masked = BEARER.matcher(masked).replaceAll("$1 " + MASK);
        masked = JWT.matcher(masked).replaceAll(MASK);
        masked = PROVIDER_KEY.matcher(masked).replaceAll(MASK);
        masked = EMAIL.matcher(masked).replaceAll(MASK);
        masked = maskCardNumbers(masked);
        masked = PHONE.matcher(masked).replaceAll(match -> looksLikePhone(match.group()) ? MASK : match.group());
        return masked;
    }

    private static String quoteAware(String prefix, String value) {
        String replacement = value.startsWith("\"") ? "\"" + MASK + "\"" : MASK;
        return Matcher.quoteReplacement(prefix + replacement);
    }

    private static String maskCardNumbers(String text) {
        Matcher matcher = DIGIT_RUN.matcher(text);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String digits = matcher.group().replaceAll("[ -]", "");
            String replacement = passesLuhn(digits) ? MASK : matcher.group();
            matcher.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    // Timestamps, ids and amounts also run to many digits: a phone has separators or a leading +,
    // or is 10 to 15 bare digits starting with a plausible trunk or country code.
    private static boolean looksLikePhone(String candidate) {
        String digits = candidate.replaceAll("\\D", "");
        if (digits.length() < 10 || digits.length() > 15) {
            return false;
        }
        return candidate.startsWith("+") || candidate.matches(".*[ ()-].*");
    }

    /** True when the digits pass the Luhn check (card numbers do). */
    public static boolean passesLuhn(String digits) {
        if (digits.length() < 13 || digits.length() > 19) {
            return false;
        }
        int sum = 0;
        boolean doubleIt = false;
        for (int i = digits.length() - 1; i >= 0; i--) {
            int digit = digits.charAt(i) - '0';
            if (digit < 0 || digit > 9) {
                return false;
            }
            if (doubleIt) {
                digit *= 2;
                if (digit > 9) {
                    digit -= 9;
                }
            }
            sum += digit;
            doubleIt = !doubleIt;
        }
        return sum % 10 == 0;
    }
}
