package io.wakestream.runner;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wakestream.schemas.PartialTranscript;
import io.wakestream.schemas.TranscriptEvent;
import io.wakestream.schemas.WakeEvent;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The one-line forms of pipeline output: JSON for {@code replay --json} (the keys the README promises, then the ids
 * that tie a transcript or partial transcript to its wake event), and a short human line for the terminal.
 */
public final class EventJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private EventJson() {}

    public static String json(PipelineOutput out) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (out instanceof PipelineOutput.Wake w) {
            WakeEvent e = w.event();
            m.put("type", "wake");
            m.put("deviceId", e.getDeviceId().toString());
            m.put("wakeWord", e.getWakePhrase().toString());
            // Four decimals: the score is a float; more digits would be noise.
            m.put("score", Math.round(e.getScore() * 10_000.0) / 10_000.0);
            m.put("audioStartMs", e.getAudioStartMs());
            m.put("audioEndMs", e.getAudioEndMs());
            m.put("eventId", e.getEventId().toString());
        } else if (out instanceof PipelineOutput.Partial p) {
            PartialTranscript e = p.event();
            m.put("type", "partial");
            m.put("deviceId", e.getDeviceId().toString());
            m.put("text", e.getText().toString());
            m.put("audioStartMs", e.getAudioStartMs());
            m.put("audioEndMs", e.getAudioEndMs());
            m.put("sequence", e.getSequence());
            m.put("wakeEventId", e.getWakeEventId().toString());
        } else {
            TranscriptEvent e = ((PipelineOutput.Transcript) out).event();
            m.put("type", "transcript");
            m.put("deviceId", e.getDeviceId().toString());
            m.put("text", e.getText().toString());
            m.put("audioStartMs", e.getAudioStartMs());
            m.put("audioEndMs", e.getAudioEndMs());
            m.put("eventId", e.getEventId().toString());
            m.put("wakeEventId", e.getWakeEventId().toString());
        }
        try {
            return JSON.writeValueAsString(m);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON for " + out, e);
        }
    }

    public static String human(PipelineOutput out) {
        if (out instanceof PipelineOutput.Wake w) {
            return String.format(Locale.ROOT, "[%s] WAKE  \"%s\" score %.3f at %s-%s",
                    w.deviceId(), w.event().getWakePhrase(), w.event().getScore(),
                    clock(w.event().getAudioStartMs()), clock(w.event().getAudioEndMs()));
        }
        if (out instanceof PipelineOutput.Partial p) {
            return String.format(Locale.ROOT, "[%s] ...   \"%s\" (%s-%s, partial %d)", p.deviceId(), p.event().getText(),
                    clock(p.event().getAudioStartMs()), clock(p.event().getAudioEndMs()), p.event().getSequence());
        }
        PipelineOutput.Transcript t = (PipelineOutput.Transcript) out;
        return String.format(Locale.ROOT, "[%s] TEXT  \"%s\" (%s-%s)",
                t.deviceId(), t.event().getText(), clock(t.event().getAudioStartMs()), clock(t.event().getAudioEndMs()));
    }

    /** Milliseconds of a stream's audio timeline as m:ss.mmm. */
    static String clock(long ms) {
        return String.format(Locale.ROOT, "%d:%02d.%03d", ms / 60_000, (ms / 1000) % 60, ms % 1000);
    }
}
