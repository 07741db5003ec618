package com.fitplatform.gateway.bench;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.jmesPath;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import io.gatling.javaapi.core.ChainBuilder;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code sign-in}: the native Google flow, {@code POST /api/auth/oauth/google/token} with {@code
 * {"idToken","nonce"}}, as the Android app sends it after Google signed the user in. The ID tokens
 * are minted before the first step by the sandbox's fake Google issuer ({@code POST
 * /sandbox/google/_mint}, RS256, Google's {@code iss}/{@code aud}), each with its own nonce, for a
 * handful of subjects (returning users; the first login of each creates the user), so minting is not
 * measured. Each login is checked: 200 with an access token.
 */
final class SignInWorkload implements Workload {

    private static final Pattern ID_TOKEN = Pattern.compile("\"idToken\"\\s*:\\s*\"([^\"]+)\"");

    private final String baseUrl;
    private final int subjects;
    private final SetupHttp http = new SetupHttp();
    private final ConcurrentLinkedQueue<String[]> tokens = new ConcurrentLinkedQueue<>();
    private final AtomicLong minted = new AtomicLong();
    private final AtomicLong reused = new AtomicLong();
    private volatile String[] last;

    SignInWorkload(String baseUrl, int subjects) {
        this.baseUrl = baseUrl;
        this.subjects = subjects;
    }

    @Override
    public void prepare(long arrivals) throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        // A few more than planned: an open-model step may start a user or two more than rate x seconds.
        long count = arrivals + arrivals / 20 + 20;
        List<String[]> all = SetupHttp.parallel(count, 4, i -> {
            String subject = "bench-" + run + "-" + (i % subjects);
            String nonce = UUID.randomUUID().toString();
            String url = baseUrl + "/sandbox/google/_mint?sub=" + encode(subject) + "&nonce=" + encode(nonce);
            String body = http.send(
                            SetupHttp.request(url)
                                    .POST(HttpRequest.BodyPublishers.noBody())
                                    .build(),
                            200)
                    .body();
            Matcher token = ID_TOKEN.matcher(body);
            if (!token.find()) {
                throw new IllegalStateException("No idToken in the fake's answer");
            }
            return new String[] {token.group(1), nonce};
        });
        tokens.addAll(all);
        minted.set(all.size());
    }

    @Override
    public ChainBuilder call(String stepName, String tag) {
        return exec(session -> {
                    String[] token = tokens.poll();
                    if (token == null) {
                        // Ran short (more arrivals than planned): a token already used still verifies.
                        reused.incrementAndGet();
                        token = last;
                    } else {
                        last = token;
                    }
                    return session.set("idToken", token[0]).set("nonce", token[1]);
                })
                .exec(http(stepName)
                        .post("/api/auth/oauth/google/token")
                        .header("Content-Type", "application/json")
                        .header("X-Request-Id", "#{requestId}")
                        .body(StringBody(session -> "{\"idToken\":\"" + session.getString("idToken") + "\",\"nonce\":\""
                                + session.getString("nonce") + "\"}"))
                        .check(status().is(200))
                        .check(jmesPath("accessToken").exists()));
    }

    @Override
    public String summary() {
        return "sign-in: " + minted.get() + " ID tokens minted before the steps for " + subjects + " subjects; "
                + reused.get() + " logins reused a token (ran short)";
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
