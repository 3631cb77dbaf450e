package io.wakestream.agent;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Decides which Kafka client settings are secrets and renders settings for logs with their values hidden.
 *
 * <p>Keys are always shown (so an operator can see that, say, {@code sasl.jaas.config} was set); the value is
 * replaced by {@value #MASK} when the key contains {@code password}, {@code secret}, {@code jaas},
 * {@code token} or {@code credential}, or names an inline private key ({@code ssl.keystore.key}) or user info.
 * Erring on the side of masking is deliberate: a masked harmless value costs nothing, a leaked credential
 * in a device log is permanent.
 */
public final class SecretMasking {
    /** What a secret's value is logged as. */
    public static final String MASK = "******";

    private static final String[] SECRET_WORDS = {"password", "secret", "jaas", "token", "credential", "user.info"};

    private SecretMasking() {}

    /** True if the setting's value must never appear in a log. */
    public static boolean isSecret(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        for (String w : SECRET_WORDS) {
            if (k.contains(w)) return true;
        }
        // ssl.keystore.key holds a PEM private key inline; "key.serializer" and the like are not secret.
        return k.endsWith(".key");
    }

    /** The value as it may be logged. */
    public static String mask(String key, String value) {
        return isSecret(key) ? MASK : value;
    }

    /** {@code k1=v1, k2=******, ...} sorted by key, for a log line. */
    public static String describe(Map<String, String> settings) {
        return new TreeMap<>(settings).entrySet().stream()
                .map(e -> e.getKey() + "=" + mask(e.getKey(), e.getValue()))
                .collect(Collectors.joining(", "));
    }
}
