package com.fitplatform.gateway.common.web;

import org.springframework.context.annotation.Configuration;
import org.springframework.validation.Errors;
import org.springframework.validation.SmartValidator;
import org.springframework.validation.Validator;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * No bean validation on MVC handler methods. None of the gateway's handlers declares a constraint
 * (routes and controllers check their input themselves, with problem+json answers), yet with the
 * context's bean validator Spring MVC works out validation groups for every request, Camel's
 * platform-http handler included: annotation look-ups that took 3.6 % of the CPU samples of a
 * profiled AI call. A validator that is no bean validator switches that off.
 */
@Configuration(proxyBeanMethods = false)
public class MvcSettings implements WebMvcConfigurer {

    private static final SmartValidator NO_VALIDATION = new SmartValidator() {
        @Override
        public boolean supports(Class<?> type) {
            return false;
        }

        @Override
        public void validate(Object target, Errors errors) {}

        @Override
        public void validate(Object target, Errors errors, Object... validationHints) {}
    };

    @Override
    public Validator getValidator() {
        return NO_VALIDATION;
    }
}
