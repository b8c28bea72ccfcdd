package io.jobservice.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Harbor's {@code Authorization: Harbor-Secret <secret>} check (contract 1.1), in Harbor's order and words. The
 * secret is compared in constant time. Without a configured secret every call fails, as in Harbor.
 */
public final class SecretAuthenticator {

    private static final String SCHEME = "Harbor-Secret";

    private final byte[] secret;

    /** @param coreSecret the {@code CORE_SECRET} value, or null/blank when unset */
    public SecretAuthenticator(String coreSecret) {
        this.secret = coreSecret == null || coreSecret.isBlank() ? null : coreSecret.getBytes(StandardCharsets.UTF_8);
    }

    /** Whether a secret is configured at all. */
    public boolean hasSecret() {
        return secret != null;
    }

    /** Throws a 401 {@link ApiException} unless the header carries the configured secret. */
    public void check(String authorization) {
        if (authorization == null || authorization.isBlank()) {
            throw unauthorized("header 'Authorization' missing");
        }
        if (!authorization.startsWith(SCHEME)) {
            throw unauthorized("'Authorization' should start with 'Harbor-Secret'");
        }
        String given = authorization.substring(SCHEME.length()).trim();
        if (given.isEmpty()) {
            throw unauthorized("empty secret is not allowed");
        }
        if (secret == null || !MessageDigest.isEqual(secret, given.getBytes(StandardCharsets.UTF_8))) {
            throw unauthorized("unauthorized");
        }
    }

    private static ApiException unauthorized(String details) {
        return new ApiException(401, ErrorCode.UNAUTHORIZED, details);
    }
}
