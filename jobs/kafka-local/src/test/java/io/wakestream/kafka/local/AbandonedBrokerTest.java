package io.wakestream.kafka.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/** A broker must not outlive the JVM that started it, however that JVM ends. */
class AbandonedBrokerTest {

    @Test
    void aBrokerNeverClosedIsStoppedAndDeletedWhenItsJvmExits() throws Exception {
        Process owner = startOwner("exit");
        Started started = readStarted(owner);
        assertTrue(owner.waitFor(60, TimeUnit.SECONDS), "the owner JVM exits");
        assertEquals(0, owner.exitValue());
        assertGone(started.pid());
        assertFalse(Files.exists(started.dataDir()), "the shutdown hook deleted the temporary directory");
    }

    @Test
    void aBrokerWhoseJvmIsKilledStopsByItself() throws Exception {
        Process owner = startOwner("wait");
        Started started = readStarted(owner);
        try {
            owner.destroyForcibly(); // SIGKILL: no shutdown hook runs in the owner
            assertTrue(owner.waitFor(30, TimeUnit.SECONDS));
            assertGone(started.pid());
        } finally {
            // Nobody was left to delete it: the one thing a killed owner leaves behind.
            deleteRecursively(started.dataDir());
        }
    }

    private record Started(long pid, Path dataDir) {
    }

    /** A JVM running {@link AbandonedBrokerMain} with this module's classes and the broker's own classpath. */
    private static Process startOwner(String mode) throws IOException, URISyntaxException {
        Path testClasses = Path.of(AbandonedBrokerMain.class.getProtectionDomain().getCodeSource().getLocation()
                .toURI());
        // The broker's classpath holds everything LocalKafkaBroker itself needs too (kafka-clients, SLF4J).
        String classpath = testClasses + File.pathSeparator + LocalKafkaBroker.brokerClasspath();
        return new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", "-cp", classpath,
                AbandonedBrokerMain.class.getName(), mode)
                .redirectErrorStream(true)
                .start();
    }

    private static Started readStarted(Process owner) throws IOException {
        BufferedReader out = new BufferedReader(new InputStreamReader(owner.getInputStream(), StandardCharsets.UTF_8));
        StringBuilder seen = new StringBuilder();
        for (String line; (line = out.readLine()) != null; ) {
            if (line.startsWith("BROKER ")) {
                String[] parts = line.split(" ", 3);
                // Keep draining the owner's output so it never blocks on a full pipe.
                Thread drain = new Thread(() -> {
                    try {
                        while (out.readLine() != null) {
                            // discard
                        }
                    } catch (IOException e) {
                        // The owner was killed and its pipe closed: nothing left to drain.
                    }
                }, "drain-owner-output");
                drain.setDaemon(true);
                drain.start();
                return new Started(Long.parseLong(parts[1]), Path.of(parts[2]));
            }
            seen.append(line).append('\n');
        }
        throw new AssertionError("The owner JVM ended before starting its broker:\n" + seen);
    }

    private static void assertGone(long pid) throws Exception {
        Optional<ProcessHandle> broker = ProcessHandle.of(pid);
        if (broker.isPresent()) {
            broker.get().onExit().get(60, TimeUnit.SECONDS);
        }
        assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "broker JVM " + pid + " ended");
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
