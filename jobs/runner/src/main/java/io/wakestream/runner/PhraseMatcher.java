package io.wakestream.runner;

import io.wakestream.schemas.TranscriptEvent;
import io.wakestream.schemas.WakeEvent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Pairs what the pipeline published with what the bench planted. A wake event is a detection when its device has a
 * planted phrase whose end is within {@link #TOLERANCE_MS} of the event's {@code audioEndMs} (both on the device's
 * audio timeline) and that phrase was not matched yet; a second event for the same phrase is a duplicate; any other
 * wake event is a false accept. A transcript belongs to the phrase its wake event matched.
 *
 * <p>Latencies are from the wall-clock moment the audio was captured (the device's stream anchor plus the position
 * in its audio) to the moment the bench read the event from Kafka.
 */
final class PhraseMatcher {
    static final long TOLERANCE_MS = 1_000;

    /** An event and when the bench read it (epoch ms). */
    record Received(PipelineOutput event, long readAtMs) {}

    /**
     * @param planted phrases planted in all devices
     * @param detected planted phrases with a wake event
     * @param duplicates wake events for a phrase already matched
     * @param falseAccepts wake events matching no planted phrase
     * @param wakeLatenciesMs per detection: read time minus the wall time of the phrase's end
     * @param detectionDelaysMs per detection: the job's {@code detectedAtMs} minus the wall time of the phrase's end
     * @param transcripts transcripts for detected phrases
     * @param transcriptLatenciesMs per such transcript: read time minus the wall time of the command's end
     * @param falseAcceptEvents a description of each false accept (device, times, score)
     * @param phrases every planted phrase and what became of it, in the order of their ends in wall time
     */
    record Outcome(int planted, int detected, int duplicates, int falseAccepts, List<Long> wakeLatenciesMs,
            List<Long> detectionDelaysMs, int transcripts, List<Long> transcriptLatenciesMs, List<String> falseAcceptEvents,
            List<PhraseOutcome> phrases) {}

    /**
     * One planted phrase: where it was, and (null when it did not happen, or the device has no anchor) the
     * latencies measured for it, so a run's tail can be placed in time.
     *
     * @param device the device that played it
     * @param phrase the planted phrase
     * @param detected whether a wake event matched it
     * @param phraseEndWallMs the wall time (epoch ms) its end was captured; null without an anchor
     * @param wakeLatencyMs its wake event's read time minus {@code phraseEndWallMs}
     * @param detectionDelayMs the job's {@code detectedAtMs} minus {@code phraseEndWallMs}
     * @param transcriptLatencyMs its transcript's read time minus the wall time of the command's end
     */
    record PhraseOutcome(String device, DeviceAudioPlan.PlantedPhrase phrase, boolean detected, Long phraseEndWallMs,
            Long wakeLatencyMs, Long detectionDelayMs, Long transcriptLatencyMs) {}

    private PhraseMatcher() {}

    /**
     * @param planted per device, its planted phrases
     * @param anchors per device, the wall time (epoch ms) of its first sample; a device without one gets no latency
     */
    static Outcome match(Map<String, List<DeviceAudioPlan.PlantedPhrase>> planted, Map<String, Long> anchors,
            List<Received> received) {
        int plantedCount = planted.values().stream().mapToInt(List::size).sum();
        // By identity: two devices can have equal phrases (same clip, same place).
        Set<DeviceAudioPlan.PlantedPhrase> matched = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        Map<String, DeviceAudioPlan.PlantedPhrase> byWakeEvent = new HashMap<>();
        Map<String, String> deviceOfWakeEvent = new HashMap<>();
        Map<DeviceAudioPlan.PlantedPhrase, Long> wakeOf = new java.util.IdentityHashMap<>(),
                detectionOf = new java.util.IdentityHashMap<>(), transcriptOf = new java.util.IdentityHashMap<>();
        List<Long> wake = new ArrayList<>(), detection = new ArrayList<>(), text = new ArrayList<>();
        List<String> falseAccepts = new ArrayList<>();
        int duplicates = 0, transcripts = 0;
        List<Received> sorted = new ArrayList<>(received);
        sorted.sort(java.util.Comparator.comparingLong(Received::readAtMs));
        for (Received r : sorted) {
            if (!(r.event() instanceof PipelineOutput.Wake w)) continue;
            WakeEvent e = w.event();
            String device = e.getDeviceId().toString();
            DeviceAudioPlan.PlantedPhrase best = null, bestTaken = null;
            for (DeviceAudioPlan.PlantedPhrase p : planted.getOrDefault(device, List.of())) {
                long off = Math.abs(p.phraseEndMs() - e.getAudioEndMs());
                if (off > TOLERANCE_MS) continue;
                if (matched.contains(p)) {
                    if (bestTaken == null) bestTaken = p;
                } else if (best == null || off < Math.abs(best.phraseEndMs() - e.getAudioEndMs())) {
                    best = p;
                }
            }
            if (best == null) {
                if (bestTaken != null) duplicates++;
                else falseAccepts.add(String.format(java.util.Locale.ROOT, "%s %d-%d ms score %.4f", device,
                        e.getAudioStartMs(), e.getAudioEndMs(), e.getScore()));
                continue;
            }
            matched.add(best);
            byWakeEvent.put(e.getEventId().toString(), best);
            deviceOfWakeEvent.put(e.getEventId().toString(), device);
            Long anchor = anchors.get(device);
            if (anchor != null) {
                wake.add(r.readAtMs() - (anchor + best.phraseEndMs()));
                detection.add(e.getDetectedAtMs() - (anchor + best.phraseEndMs()));
                wakeOf.put(best, wake.get(wake.size() - 1));
                detectionOf.put(best, detection.get(detection.size() - 1));
            }
        }
        for (Received r : sorted) {
            if (!(r.event() instanceof PipelineOutput.Transcript t)) continue;
            TranscriptEvent e = t.event();
            DeviceAudioPlan.PlantedPhrase p = byWakeEvent.get(e.getWakeEventId().toString());
            if (p == null) continue; // the command after a false accept
            transcripts++;
            Long anchor = anchors.get(deviceOfWakeEvent.get(e.getWakeEventId().toString()));
            if (anchor != null) {
                text.add(r.readAtMs() - (anchor + p.commandEndMs()));
                transcriptOf.put(p, text.get(text.size() - 1));
            }
        }
        List<PhraseOutcome> phrases = new ArrayList<>();
        for (Map.Entry<String, List<DeviceAudioPlan.PlantedPhrase>> d : planted.entrySet()) {
            Long anchor = anchors.get(d.getKey());
            for (DeviceAudioPlan.PlantedPhrase p : d.getValue()) {
                phrases.add(new PhraseOutcome(d.getKey(), p, matched.contains(p), anchor == null ? null : anchor + p.phraseEndMs(),
                        wakeOf.get(p), detectionOf.get(p), transcriptOf.get(p)));
            }
        }
        phrases.sort(java.util.Comparator.comparing(PhraseOutcome::phraseEndWallMs,
                java.util.Comparator.nullsLast(java.util.Comparator.naturalOrder())));
        return new Outcome(plantedCount, matched.size(), duplicates, falseAccepts.size(), wake, detection, transcripts,
                text, falseAccepts, phrases);
    }

    /** Nearest-rank percentile of {@code values}; null when there are none. */
    static Long percentile(List<Long> values, double p) {
        if (values.isEmpty()) return null;
        List<Long> s = new ArrayList<>(values);
        s.sort(null);
        int rank = (int) Math.ceil(p / 100.0 * s.size());
        return s.get(Math.max(0, Math.min(s.size() - 1, rank - 1)));
    }
}
