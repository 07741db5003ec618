package com.fitplatform.gateway.common.security;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import jakarta.servlet.DispatcherType;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.convert.converter.Converter;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.header.writers.CacheControlHeadersWriter;
import org.springframework.security.web.header.writers.DelegatingRequestMatcherHeaderWriter;

/**
 * Nothing is open by accident: {@code /api/**} needs a gateway JWT, {@code /ops/**} and the actuator
 * (but for health) the ops role. Webhooks are open to the network and authenticate by their
 * provider's own scheme in their route; the sandbox exists only when it is switched on.
 */
@Configuration(proxyBeanMethods = false)
public class SecurityConfiguration {

    public static final String OPS_ROLE = "ops";

    static final String JWKS_PATH = "/.well-known/jwks.json";

    /**
     * Spring Security without observations: it wraps each of its filters in an observation on every
     * request (about 11 % of the CPU samples under webhook load), and switching the observations off
     * by property still left that wrapping in every request's filter chain. Requests stay timed by
     * {@code http.server.requests}.
     */
    @Bean
    SecurityObservationSettings noSecurityObservations() {
        return SecurityObservationSettings.noObservations();
    }

    @Bean
    JwtKeyRing jwtKeyRing(JwtProperties properties) {
        return JwtKeyRing.load(properties);
    }

    @Bean
    GatewayTokens gatewayTokens(JwtKeyRing keys, JwtProperties properties) {
        return new GatewayTokens(keys, properties);
    }

    @Bean
    JwtDecoder gatewayJwtDecoder(JwtKeyRing keys, JwtProperties properties) {
        JWKSource<SecurityContext> source = (selector, context) -> selector.select(keys.all());
        DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
        // Only ES256: a token announcing "none", HS256 or anything else finds no key and fails.
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.ES256, source));
        NimbusJwtDecoder decoder = new NimbusJwtDecoder(processor);
        OAuth2TokenValidator<Jwt> audience =
                new JwtClaimValidator<List<String>>("aud", aud -> aud != null && aud.contains(properties.audience()));
        decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(
                new JwtTimestampValidator(properties.clockSkew()),
                new JwtIssuerValidator(properties.issuer()),
                audience));
        if (properties.verifiedTokenCacheSize() <= 0) {
            return decoder;
        }
        return new VerifiedTokenCache(
                decoder,
                keys::all,
                properties.clockSkew(),
                properties.verifiedTokenCacheSize(),
                properties.verifiedTokenRetention(),
                Clock.systemUTC());
    }

    @Bean
    SecurityFilterChain gatewaySecurity(HttpSecurity http, SecurityProperties security, JwtDecoder decoder)
            throws Exception {
        ProblemSecurityHandlers problems = new ProblemSecurityHandlers();
        http.csrf(csrf -> csrf.disable())
                .httpBasic(basic -> basic.disable())
                .formLogin(form -> form.disable())
                .logout(logout -> logout.disable())
                .requestCache(cache -> cache.disable())
                // "no-store" on everything but the JWKS, which verifiers are meant to cache (the
                // route sets its own Cache-Control; Spring's writer would add a contradicting one).
                .headers(headers -> headers.cacheControl(cache -> cache.disable())
                        .addHeaderWriter(new DelegatingRequestMatcherHeaderWriter(
                                request -> !JWKS_PATH.equals(request.getRequestURI()),
                                new CacheControlHeadersWriter())))
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .exceptionHandling(
                        errors -> errors.authenticationEntryPoint(problems).accessDeniedHandler(problems))
                .oauth2ResourceServer(server -> server.bearerTokenResolver(gatewayBearerTokens())
                        .authenticationEntryPoint(problems)
                        .accessDeniedHandler(problems)
                        .jwt(jwt -> jwt.decoder(decoder).jwtAuthenticationConverter(authorities())))
                .authorizeHttpRequests(requests -> {
                    requests.dispatcherTypeMatchers(DispatcherType.ERROR).permitAll();
                    requests.requestMatchers("/actuator/health", "/actuator/health/**")
                            .permitAll();
                    requests.requestMatchers("/actuator/**").hasRole(OPS_ROLE);
                    requests.requestMatchers("/ops/**").hasRole(OPS_ROLE);
                    List<String> open = security.publicApiPaths().stream()
                            .filter(path -> !path.isBlank())
                            .toList();
                    if (!open.isEmpty()) {
                        requests.requestMatchers(open.toArray(String[]::new)).permitAll();
                    }
                    requests.requestMatchers("/api/**").authenticated();
                    // Webhooks, the JWKS, the OpenAPI document, the sandbox (when on) and unknown
                    // paths (answered 404) need no token.
                    requests.anyRequest().permitAll();
                });
        return http.build();
    }

    /**
     * Bearer tokens are gateway JWTs only on the gateway's own paths: providers' credentials sent to
     * the sandbox fakes (a Stripe {@code sk_test_...}) and to webhooks are not the gateway's to parse.
     */
    static BearerTokenResolver gatewayBearerTokens() {
        DefaultBearerTokenResolver standard = new DefaultBearerTokenResolver();
        return request -> {
            String path = request.getRequestURI();
            if (path.startsWith("/sandbox/") || path.startsWith("/webhooks/")) {
                return null;
            }
            return standard.resolve(request);
        };
    }

    /** {@code roles} claim to {@code ROLE_*}, {@code scope} claim to {@code SCOPE_*}. */
    static JwtAuthenticationConverter authorities() {
        Converter<Jwt, Collection<GrantedAuthority>> converter = jwt -> {
            List<GrantedAuthority> granted = new ArrayList<>();
            List<String> roles = jwt.getClaimAsStringList("roles");
            if (roles != null) {
                roles.forEach(role -> granted.add(new SimpleGrantedAuthority("ROLE_" + role)));
            }
            String scope = jwt.getClaimAsString("scope");
            if (scope != null && !scope.isBlank()) {
                for (String each : scope.trim().split("\\s+")) {
                    granted.add(new SimpleGrantedAuthority("SCOPE_" + each));
                }
            }
            return granted;
        };
        JwtAuthenticationConverter authentication = new JwtAuthenticationConverter();
        authentication.setJwtGrantedAuthoritiesConverter(converter);
        return authentication;
    }
}
