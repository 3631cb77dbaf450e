package io.wakestream.runner;

import io.wakestream.schemas.WakeEvent;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The soak's running count of wake events against the phrases planted in the devices' audio, kept as counts, not as
 * the events themselves: the soak measures this JVM's heap over half an hour, and a list of every event read would
 * grow it. Matching as {@link PhraseMatcher} does: a wake event detects the planted phrase of its device whose end is
 * within {@link PhraseMatcher#TOLERANCE_MS} of the event's {@code audioEndMs}; a second event for a matched phrase is
 * a duplicate; any other is a false accept. It keeps each device's planted phrases (a flag each) until the device is
 * {@link #retire retired}, long after its last event can arrive, and then only adds its counts to the totals: so
 * what it holds is bounded by the devices live and recently gone, not by every id of the run (about 2,000 in 30
 * minutes at 200 devices).
 */
final class WakeTally {
    /** One device: its planted phrases, which were detected, and how much of its audio has been played. */
    static final class Device {
        private final List<DeviceAudioPlan.PlantedPhrase> planted;
        private final boolean[] matched;
        private volatile long playedMs;

        private Device(List<DeviceAudioPlan.PlantedPhrase> planted) {
            this.planted = List.copyOf(planted);
            this.matched = new boolean[planted.size()];
        }

        /** Called as the device's audio is read: phrases are counted once played (see {@link #counts}). */
        void played(long ms) {
            playedMs = ms;
        }
    }

    /**
     * @param planted phrases played whole (the phrase and a second after it), all devices
     * @param detected of those, the ones with a wake event
     * @param wakeEvents wake events read
     * @param duplicates wake events for a phrase already detected
     * @param falseAccepts wake events matching no planted phrase
     * @param transcripts transcripts read
     */
    record Counts(long planted, long detected, long wakeEvents, long duplicates, long falseAccepts, long transcripts) {}

    private final Map<String, Device> devices = new ConcurrentHashMap<>();
    /** Counts of retired devices. */
    private final AtomicLong retiredPlanted = new AtomicLong(), retiredDetected = new AtomicLong();
    private final AtomicLong wakeEvents = new AtomicLong(), duplicates = new AtomicLong(), falseAccepts = new AtomicLong(),
            transcripts = new AtomicLong();

    /** A new device id and what was planted in its audio. */
    Device register(String deviceId, List<DeviceAudioPlan.PlantedPhrase> planted) {
        Device d = new Device(planted);
        if (devices.putIfAbsent(deviceId, d) != null) throw new IllegalStateException("device " + deviceId + " registered twice");
        return d;
    }

    /**
     * Forgets a device whose audio ended long ago, keeping its counts. A wake event for it after this would count as
     * a false accept; the caller waits minutes, the pipeline takes seconds.
     */
    synchronized void retire(String deviceId) {
        Device d = devices.get(deviceId);
        if (d == null) return;
        synchronized (d) {
            long[] c = count(d);
            retiredPlanted.addAndGet(c[0]);
            retiredDetected.addAndGet(c[1]);
            devices.remove(deviceId);
        }
    }

    /** Devices held (live and not yet retired). */
    int held() {
        return devices.size();
    }

    /** An event read from the output topics (called by the reader's thread). */
    void accept(PipelineOutput out) {
        if (out instanceof PipelineOutput.Transcript) {
            transcripts.incrementAndGet();
            return;
        }
        WakeEvent e = ((PipelineOutput.Wake) out).event();
        wakeEvents.incrementAndGet();
        Device d = devices.get(e.getDeviceId().toString());
        if (d == null) {
            falseAccepts.incrementAndGet();
            return;
        }
        synchronized (d) {
            int best = -1;
            boolean taken = false;
            for (int i = 0; i < d.planted.size(); i++) {
                long off = Math.abs(d.planted.get(i).phraseEndMs() - e.getAudioEndMs());
                if (off > PhraseMatcher.TOLERANCE_MS) continue;
                if (d.matched[i]) taken = true;
                else if (best < 0 || off < Math.abs(d.planted.get(best).phraseEndMs() - e.getAudioEndMs())) best = i;
            }
            if (best >= 0) d.matched[best] = true;
            else if (taken) duplicates.incrementAndGet();
            else falseAccepts.incrementAndGet();
        }
    }

    /** The counts so far; a phrase counts as planted once the phrase and {@link DeviceAudioPlan#END_MARGIN_MS} after it were played. */
    synchronized Counts counts() { // with retire(): a device is counted in the map or in the totals, never both
        long planted = 0, detected = 0;
        for (Device d : devices.values()) {
            synchronized (d) {
                long[] c = count(d);
                planted += c[0];
                detected += c[1];
            }
        }
        planted += retiredPlanted.get();
        detected += retiredDetected.get();
        return new Counts(planted, detected, wakeEvents.get(), duplicates.get(), falseAccepts.get(), transcripts.get());
    }

    /** {planted and played, detected of those}; called holding the device's lock. */
    private static long[] count(Device d) {
        long played = d.playedMs, planted = 0, detected = 0;
        for (int i = 0; i < d.planted.size(); i++) {
            if (d.planted.get(i).phraseEndMs() + DeviceAudioPlan.END_MARGIN_MS > played) continue;
            planted++;
            if (d.matched[i]) detected++;
        }
        return new long[] {planted, detected};
    }
}
