package io.wakestream.kafka.local;

import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * SASL authentication for a {@link LocalKafkaBroker}: its client listener becomes {@code SASL_PLAINTEXT} with one
 * mechanism and a fixed set of users, so tests can run clients with credentials (and with wrong ones) against a
 * real broker. The KRaft controller listener stays PLAINTEXT (only the broker itself talks to it). No TLS: the
 * credentials cross the loopback interface in the clear, which is fine for a test broker and nothing else.
 *
 * <p>The broker authenticates to its own listener (inter-broker traffic) and runs its own admin requests (readiness
 * check, {@link LocalKafkaBroker#createTopics}) as the user {@value #BROKER_USER}, whose password is random per
 * config; {@link LocalKafkaBroker#adminClientProperties()} gives those settings to tests that need an admin.
 *
 * <ul>
 *   <li>{@link Mechanism#PLAIN}: the users are listed in the listener's JAAS config
 *       ({@code listener.name.sasl_plaintext.plain.sasl.jaas.config}, {@code user_NAME="password"}).</li>
 *   <li>{@link Mechanism#SCRAM_SHA_256}: the users' salted credentials are written into the metadata log when the
 *       storage is formatted ({@code kafka-storage format --add-scram}), as KRaft requires; so a kept data
 *       directory keeps the users it was first formatted with.</li>
 * </ul>
 *
 * @param mechanism      the one SASL mechanism the listener accepts
 * @param users          user name to password; names of {@code [A-Za-z0-9._-]}, passwords without quotes,
 *                       backslashes, commas, brackets, '=' or whitespace (they go into JAAS and format arguments)
 * @param brokerPassword the password of {@value #BROKER_USER}
 */
public record LocalKafkaSasl(Mechanism mechanism, Map<String, String> users, String brokerPassword) {
    /** The user the broker itself authenticates as (inter-broker listener, its own admin client). */
    public static final String BROKER_USER = "local-kafka-broker";

    /** The listener name (and security protocol) of the client port when SASL is on. */
    public static final String LISTENER = "SASL_PLAINTEXT";

    private static final Pattern USER_NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final Pattern PASSWORD = Pattern.compile("[^\\s\"\\\\,\\[\\]=;]{1,128}");

    /** A SASL mechanism the local broker can offer. */
    public enum Mechanism {
        PLAIN("PLAIN", "org.apache.kafka.common.security.plain.PlainLoginModule"),
        SCRAM_SHA_256("SCRAM-SHA-256", "org.apache.kafka.common.security.scram.ScramLoginModule");

        private final String kafkaName;
        private final String loginModule;

        Mechanism(String kafkaName, String loginModule) {
            this.kafkaName = kafkaName;
            this.loginModule = loginModule;
        }

        /** The name Kafka uses ({@code sasl.mechanism}). */
        public String kafkaName() {
            return kafkaName;
        }
    }

    public LocalKafkaSasl {
        Objects.requireNonNull(mechanism, "mechanism");
        users = Map.copyOf(new LinkedHashMap<>(Objects.requireNonNull(users, "users")));
        if (users.isEmpty()) {
            throw new IllegalArgumentException("SASL needs at least one user");
        }
        users.forEach((name, password) -> {
            if (!USER_NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("SASL user name \"" + name + "\" must be 1 to 64 characters of"
                        + " A-Z a-z 0-9 . _ -");
            }
            if (name.equals(BROKER_USER)) {
                throw new IllegalArgumentException("SASL user name " + BROKER_USER + " is the broker's own");
            }
            checkPassword(password, "user " + name);
        });
        checkPassword(brokerPassword, BROKER_USER);
    }

    /** SASL/PLAIN with these users (name to password). */
    public static LocalKafkaSasl plain(Map<String, String> users) {
        return new LocalKafkaSasl(Mechanism.PLAIN, users, randomPassword());
    }

    /** SASL/SCRAM-SHA-256 with these users (name to password). */
    public static LocalKafkaSasl scramSha256(Map<String, String> users) {
        return new LocalKafkaSasl(Mechanism.SCRAM_SHA_256, users, randomPassword());
    }

    /**
     * The client settings to authenticate as {@code user} with {@code password} (any pair, so tests can also try
     * wrong ones): {@code security.protocol}, {@code sasl.mechanism}, {@code sasl.jaas.config}.
     */
    public Map<String, String> clientProperties(String user, String password) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("security.protocol", LISTENER);
        p.put("sasl.mechanism", mechanism.kafkaName());
        p.put("sasl.jaas.config", jaas(user, password, Map.of()));
        return p;
    }

    /** The client settings of a configured user. */
    public Map<String, String> clientProperties(String user) {
        String password = users.get(user);
        if (password == null) {
            throw new IllegalArgumentException("no SASL user " + user + " (users: " + users.keySet() + ")");
        }
        return clientProperties(user, password);
    }

    /** The broker properties that turn SASL on; they replace the default listener settings. */
    Map<String, String> serverProperties(String host, int port, int controllerPort) {
        String mech = mechanism.kafkaName();
        String listener = LISTENER.toLowerCase(java.util.Locale.ROOT);
        Map<String, String> p = new LinkedHashMap<>();
        p.put("listeners", LISTENER + "://" + host + ":" + port + ",CONTROLLER://" + host + ":" + controllerPort);
        p.put("advertised.listeners", LISTENER + "://" + host + ":" + port);
        p.put("listener.security.protocol.map", LISTENER + ":SASL_PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("inter.broker.listener.name", LISTENER);
        p.put("sasl.enabled.mechanisms", mech);
        p.put("sasl.mechanism.inter.broker.protocol", mech);
        Map<String, String> plainUsers = new LinkedHashMap<>();
        if (mechanism == Mechanism.PLAIN) {
            plainUsers.put(BROKER_USER, brokerPassword);
            plainUsers.putAll(users);
        }
        // The broker's own login (as a client of itself) plus, for PLAIN, the user database.
        p.put("listener.name." + listener + "." + mech.toLowerCase(java.util.Locale.ROOT) + ".sasl.jaas.config",
                jaas(BROKER_USER, brokerPassword, plainUsers));
        return p;
    }

    /** Extra arguments for {@code kafka-storage format}: the SCRAM credentials (none for PLAIN). */
    List<String> formatArguments() {
        if (mechanism != Mechanism.SCRAM_SHA_256) {
            return List.of();
        }
        List<String> args = new java.util.ArrayList<>();
        Map<String, String> all = new LinkedHashMap<>();
        all.put(BROKER_USER, brokerPassword);
        all.putAll(users);
        all.forEach((name, password) -> {
            args.add("--add-scram");
            args.add(mechanism.kafkaName() + "=[name=" + name + ",password=" + password + "]");
        });
        return args;
    }

    private String jaas(String user, String password, Map<String, String> plainUsers) {
        StringBuilder b = new StringBuilder(mechanism.loginModule).append(" required username=\"").append(user)
                .append("\" password=\"").append(password).append('"');
        plainUsers.forEach((name, pw) -> b.append(" user_").append(name).append("=\"").append(pw).append('"'));
        return b.append(';').toString();
    }

    private static void checkPassword(String password, String whose) {
        if (password == null || !PASSWORD.matcher(password).matches()) {
            throw new IllegalArgumentException("SASL password of " + whose + " must be 1 to 128 characters without"
                    + " whitespace, quotes, backslashes, commas, brackets, '=' or ';'");
        }
    }

    private static String randomPassword() {
        byte[] bytes = new byte[18];
        new SecureRandom().nextBytes(bytes);
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Never the passwords. */
    @Override
    public String toString() {
        return "LocalKafkaSasl[" + mechanism.kafkaName() + ", users " + new java.util.TreeSet<>(users.keySet()) + "]";
    }
}
