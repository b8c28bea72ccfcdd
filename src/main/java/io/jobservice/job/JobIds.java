package io.jobservice.job;

import java.security.SecureRandom;
import java.util.HexFormat;

/** Makes Harbor-style IDs: 24 lowercase hex characters from 12 random bytes. */
public final class JobIds {

    private static final SecureRandom RANDOM = new SecureRandom();

    private JobIds() {
    }

    public static String newId() {
        byte[] bytes = new byte[12];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
