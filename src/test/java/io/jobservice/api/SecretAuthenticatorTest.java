package io.jobservice.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class SecretAuthenticatorTest {

    private final SecretAuthenticator authenticator = new SecretAuthenticator("s3cret");

    private static void assertUnauthorized(SecretAuthenticator authenticator, String header, String details) {
        ApiException e = catchThrowableOfType(ApiException.class, () -> authenticator.check(header));

        assertThat(e).as("header %s", header).isNotNull();
        assertThat(e.httpStatus()).isEqualTo(401);
        assertThat(e.errorCode()).isEqualTo(ErrorCode.UNAUTHORIZED);
        assertThat(e.errorCode().code()).isEqualTo(10011);
        assertThat(e.details()).isEqualTo(details);
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "   "})
    void should_say_header_missing_for_rule_1(String header) {
        assertUnauthorized(authenticator, header, "header 'Authorization' missing");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Bearer s3cret", "harbor-secret s3cret", "Basic abc", "s3cret"})
    void should_require_the_case_sensitive_scheme_for_rule_2(String header) {
        assertUnauthorized(authenticator, header, "'Authorization' should start with 'Harbor-Secret'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Harbor-Secret", "Harbor-Secret ", "Harbor-Secret  \t "})
    void should_refuse_an_empty_secret_for_rule_3(String header) {
        assertUnauthorized(authenticator, header, "empty secret is not allowed");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Harbor-Secret wrong", "Harbor-Secret s3cre", "Harbor-Secret s3cret2", "Harbor-Secret S3CRET"})
    void should_refuse_a_wrong_secret_for_rule_4(String header) {
        assertUnauthorized(authenticator, header, "unauthorized");
    }

    @Test
    void should_accept_the_configured_secret_with_surrounding_spaces_trimmed() {
        assertThatCode(() -> authenticator.check("Harbor-Secret s3cret")).doesNotThrowAnyException();
        assertThatCode(() -> authenticator.check("Harbor-Secret   s3cret  ")).doesNotThrowAnyException();
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "  "})
    void should_refuse_every_secret_when_core_secret_is_unset(String coreSecret) {
        SecretAuthenticator unset = new SecretAuthenticator(coreSecret);

        assertThat(unset.hasSecret()).isFalse();
        assertUnauthorized(unset, "Harbor-Secret anything", "unauthorized");
    }

    @Test
    void should_report_a_configured_secret() {
        assertThat(authenticator.hasSecret()).isTrue();
    }
}
