package io.wakestream.kafka.local;

/**
 * Run by {@link AbandonedBrokerTest} in its own JVM: starts a broker, prints its JVM's pid and data directory,
 * then either exits without closing it ({@code exit}) or waits to be killed ({@code wait}).
 */
public final class AbandonedBrokerMain {
    private AbandonedBrokerMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        LocalKafkaBroker kafka = new LocalKafkaBroker().start();
        System.out.println("BROKER " + kafka.processHandle().pid() + " " + kafka.dataDir());
        System.out.flush();
        if (args[0].equals("exit")) {
            System.exit(0); // no close(): the shutdown hook must stop the broker
        }
        Thread.sleep(Long.MAX_VALUE);
    }
}
