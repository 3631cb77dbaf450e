package io.wakestream.runner;

import java.util.Locale;

/**
 * One soak sample.
 *
 * @param elapsedMs since the devices started
 * @param phase {@code run} while devices play; {@code after} once they all went silent (the job expires them)
 * @param memory this JVM's and the broker's memory
 * @param liveDevices devices playing
 * @param devicesSeen distinct device ids so far
 * @param sessionsEnded devices that went silent for good
 * @param agents capture agents (Kafka producers) running
 * @param expiredDevices devices whose state the job cleared after the idle timeout (its {@code expiredDevices}
 *     counter, all subtasks); -1 if the metric could not be read
 * @param checkpointStateBytes the latest completed checkpoint's size (all the job's state); -1 before the first
 * @param wakes wake events and transcripts read, and planted phrases detected
 * @param deadLetters records in the dead-letters topic
 * @param sourceLagRecords audio records the job's Kafka source is behind the topic's end; -1 before its first fetch
 * @param sourceLagSeconds the same as seconds of audio per live device
 * @param restarts times the job restarted after a failure ({@code numRestarts}); -1 if unknown
 * @param jobStatus the job's status
 */
record SoakSample(long elapsedMs, String phase, MemoryProbe.Reading memory, int liveDevices, int devicesSeen,
        int sessionsEnded, int agents, long expiredDevices, long checkpointStateBytes, WakeTally.Counts wakes,
        long deadLetters, long sourceLagRecords, double sourceLagSeconds, long restarts, String jobStatus) {
    static final String RUN = "run", AFTER = "after";

    /** Devices the job holds keyed state for: seen minus expired (each id is used once); -1 if unknown. */
    long devicesWithState() {
        return expiredDevices < 0 ? -1 : devicesSeen - expiredDevices;
    }

    static String csvHeader() {
        return "elapsed_s,phase,heap_after_gc_mb,heap_committed_mb,direct_buffers_mb,rss_mb,broker_rss_mb,threads,gc_ms,"
                + "live_devices,devices_seen,sessions_ended,agents,expired_devices,devices_with_state,checkpoint_state_kb,"
                + "wake_events,planted,detected,false_accepts,transcripts,dead_letters,source_lag_records,source_lag_s,"
                + "restarts,job_status";
    }

    String csvRow() {
        return String.format(Locale.ROOT, "%.1f,%s,%.1f,%.1f,%.1f,%s,%s,%d,%d,%d,%d,%d,%d,%d,%d,%s,%d,%d,%d,%d,%d,%d,%d,%.2f,%d,%s",
                elapsedMs / 1000.0, phase, mb(memory.heapAfterGcBytes()), mb(memory.heapCommittedBytes()),
                mb(memory.directBytes()), mbOrEmpty(memory.rssBytes()), mbOrEmpty(memory.brokerRssBytes()), memory.threads(),
                memory.gcMillis(), liveDevices, devicesSeen, sessionsEnded, agents, expiredDevices, devicesWithState(),
                checkpointStateBytes < 0 ? "" : String.format(Locale.ROOT, "%.1f", checkpointStateBytes / 1024.0),
                wakes.wakeEvents(), wakes.planted(), wakes.detected(), wakes.falseAccepts(), wakes.transcripts(), deadLetters,
                sourceLagRecords, sourceLagSeconds, restarts, jobStatus);
    }

    /** One line for the log. */
    String describe() {
        return String.format(Locale.ROOT, "sample at %s: heap %.0f MB after GC (%d ms), RSS %s MB, broker RSS %s MB, %d threads |"
                        + " %d live, %d seen, %d expired, %s with state, checkpoint %s | wakes %d (%d of %d planted detected),"
                        + " transcripts %d, dead letters %d | source lag %.2f s | %s",
                clock(elapsedMs), mb(memory.heapAfterGcBytes()), memory.gcMillis(), mbOrDash(memory.rssBytes()),
                mbOrDash(memory.brokerRssBytes()), memory.threads(), liveDevices, devicesSeen, expiredDevices,
                devicesWithState() < 0 ? "?" : String.valueOf(devicesWithState()),
                checkpointStateBytes < 0 ? "-" : String.format(Locale.ROOT, "%.0f KB", checkpointStateBytes / 1024.0),
                wakes.wakeEvents(), wakes.detected(), wakes.planted(), wakes.transcripts(), deadLetters, sourceLagSeconds,
                jobStatus + (restarts > 0 ? ", " + restarts + " restarts" : ""));
    }

    static double mb(long bytes) {
        return bytes / (1024.0 * 1024.0);
    }

    private static String mbOrEmpty(long bytes) {
        return bytes < 0 ? "" : String.format(Locale.ROOT, "%.1f", mb(bytes));
    }

    private static String mbOrDash(long bytes) {
        return bytes < 0 ? "-" : String.format(Locale.ROOT, "%.0f", mb(bytes));
    }

    /** "12:05" (minutes:seconds). */
    static String clock(long ms) {
        long s = Math.round(ms / 1000.0);
        return String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }
}
