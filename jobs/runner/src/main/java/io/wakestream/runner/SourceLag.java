package io.wakestream.runner;

import java.lang.management.ManagementFactory;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * How many audio records the job's Kafka source is behind the end of the topic: the {@code records-lag} the source's
 * own Kafka consumer reports (JMX, same JVM) for each partition it reads, summed. It is measured at each fetch, so it
 * grows when the job cannot keep up (back pressure stops the fetching) and stays near zero when it can.
 */
final class SourceLag {
    private final MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    private final ObjectName pattern;
    private final String clientPrefix;

    /** @param clientIdPrefix the source consumer's client id prefix (the job's group id + "-audio") */
    SourceLag(String topic, String clientIdPrefix) {
        try {
            this.pattern = new ObjectName("kafka.consumer:type=consumer-fetch-manager-metrics,client-id=*,topic="
                    + topic + ",partition=*");
        } catch (javax.management.MalformedObjectNameException e) {
            throw new IllegalArgumentException("topic " + topic, e);
        }
        this.clientPrefix = clientIdPrefix;
    }

    /** Records behind, summed over the partitions; -1 while the source has not fetched yet. */
    long records() {
        long sum = 0;
        boolean any = false;
        for (ObjectName n : server.queryNames(pattern, null)) {
            String client = n.getKeyProperty("client-id");
            if (client == null || !client.startsWith(clientPrefix)) continue;
            try {
                Object v = server.getAttribute(n, "records-lag");
                if (v instanceof Number num && !Double.isNaN(num.doubleValue())) {
                    sum += Math.max(0, num.longValue());
                    any = true;
                }
            } catch (javax.management.JMException e) {
                // the partition's metrics went away (reassignment); skip it
            }
        }
        return any ? sum : -1;
    }
}
