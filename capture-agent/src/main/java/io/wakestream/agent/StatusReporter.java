package io.wakestream.agent;

import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's periodic log lines. Called every second: lets the {@link ConnectionMonitor} notice a broker that
 * stopped acknowledging, reports drops, and every {@code periodSeconds} logs how much was sent.
 *
 * <p>Drops are reported as soon as they start (the tick after), then summed up once per period while they go
 * on: a long outage with full buffers drops chunks every 100 ms per device, and one line a second for hours
 * would bury everything else in the log.
 */
final class StatusReporter {
    private static final Logger log = LoggerFactory.getLogger(StatusReporter.class);
    /** Past this many devices, drops are summed up instead of listed per device. */
    private static final int DEVICES_LISTED = 3;

    private final List<DeviceStream> devices;
    private final ConnectionMonitor monitor;
    private final int periodSeconds;
    private int ticks;
    private int lastDropReportTick = Integer.MIN_VALUE / 2;
    private long lastSent;
    private long lastAcked;
    private long lastAckedMicros;

    StatusReporter(List<DeviceStream> devices, ConnectionMonitor monitor, int periodSeconds) {
        this.devices = List.copyOf(devices);
        this.monitor = monitor;
        this.periodSeconds = periodSeconds;
    }

    /** One second has passed; returns the drops it reported (for tests). */
    synchronized Drops tick() {
        ticks++;
        Drops reported = Drops.NONE;
        if (ticks - lastDropReportTick >= periodSeconds) {
            reported = reportDrops();
            if (!reported.isEmpty()) lastDropReportTick = ticks;
        }
        boolean waiting = false;
        for (DeviceStream d : devices) waiting |= d.inFlight.get() > 0;
        monitor.check(waiting);
        if (ticks % periodSeconds == 0) reportThroughput();
        return reported;
    }

    /** Logs the drops not yet reported (also right before the agent stops); returns them. */
    synchronized Drops reportDrops() {
        Drops sum = Drops.NONE;
        int devicesDropping = 0;
        for (DeviceStream d : devices) {
            Drops drops = d.buffer.takeDrops();
            if (drops.isEmpty()) continue;
            devicesDropping++;
            sum = sum.plus(drops);
            if (devices.size() <= DEVICES_LISTED) {
                log.warn("device {}: buffer full ({} ms), dropped the oldest {}", d.device, d.buffer.capacityMs(),
                        drops);
            }
        }
        if (devices.size() > DEVICES_LISTED && !sum.isEmpty()) {
            log.warn("buffers full: dropped the oldest {} chunks ({} ms) across {} devices", sum.chunks(),
                    sum.millis(), devicesDropping);
        }
        return sum;
    }

    private void reportThroughput() {
        long sent = 0, acked = 0, ackedMicros = 0, bufferedMaxMs = 0, inFlight = 0;
        Drops dropped = Drops.NONE;
        for (DeviceStream d : devices) {
            sent += d.sent.get();
            acked += d.acked.get();
            ackedMicros += d.ackedMicros.get();
            bufferedMaxMs = Math.max(bufferedMaxMs, d.buffer.bufferedMs());
            inFlight += d.inFlight.get();
            dropped = dropped.plus(d.buffer.totalDrops());
        }
        log.info("last {} s: sent {} chunks, {} acknowledged ({} s of audio); buffered {} ms{}, in flight {};"
                        + " dropped so far: {} chunks ({} ms){}", periodSeconds, sent - lastSent, acked - lastAcked,
                String.format("%.1f", (ackedMicros - lastAckedMicros) / 1e6), bufferedMaxMs,
                devices.size() > 1 ? " (fullest device)" : "", inFlight, dropped.chunks(), dropped.millis(),
                monitor.inOutage() ? "; Kafka unreachable" : "");
        lastSent = sent;
        lastAcked = acked;
        lastAckedMicros = ackedMicros;
    }
}
