package com.fitplatform.gateway.auth.vk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fitplatform.gateway.common.resilience.ProviderAnswered;
import com.fitplatform.gateway.common.resilience.ProviderHttp.ProviderFailed;
import com.fitplatform.gateway.common.resilience.ServiceAnswered;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** VK's API reports errors in a 200 body: which of them refuse the user, which are VK failing. */
class VkApiTest {

    private static JsonNode answer(String json) throws Exception {
        return new ObjectMapper().readTree(json);
    }

    private static JsonNode error(int code) throws Exception {
        return answer("{\"error\":{\"error_code\":" + code + ",\"error_msg\":\"m\",\"request_params\":[]}}");
    }

    @ParameterizedTest
    @ValueSource(ints = {5, 15, 17, 18, 30})
    void shouldRefuseTheSignInWithoutBlamingVkWhenVkRefusesTheUser(int code) {
        assertThatThrownBy(() -> VkApi.check(error(code)))
                .isInstanceOf(ProviderAnswered.class)
                .isInstanceOf(ServiceAnswered.class);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 6, 9, 10, 29, 8})
    void shouldTreatVksOwnFailuresAsAnOutage(int code) {
        assertThatThrownBy(() -> VkApi.check(error(code)))
                .isInstanceOf(ProviderFailed.class)
                .isNotInstanceOf(ServiceAnswered.class);
    }

    @Test
    void shouldPassAnAnswerWithAUser() throws Exception {
        JsonNode ok = answer("{\"response\":[{\"id\":210700286,\"first_name\":\"L\",\"last_name\":\"S\"}]}");

        assertThatCode(() -> VkApi.check(ok)).doesNotThrowAnyException();
        assertThat(ok.path("response").path(0).path("id").isIntegralNumber()).isTrue();
    }
}
