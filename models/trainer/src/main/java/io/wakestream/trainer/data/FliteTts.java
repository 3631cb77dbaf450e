package io.wakestream.trainer.data;

import io.wakestream.engine.audio.PcmAudio;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * CMU Flite, run as a process. Rate is set with {@code duration_stretch}, pitch with {@code int_f0_target_mean}
 * (relative to each voice's usual mean, so pitch 50 leaves the voice alone).
 */
public final class FliteTts extends ListedVoicesEngine {
    public static final String NAME = "flite";

    /** Limited-domain voices that can only say a fixed kind of sentence (awb_time speaks clock times). */
    static final Set<String> LIMITED_DOMAIN = Set.of("awb_time");

    /** Approximate mean F0 (Hz) of the stock voices; unknown voices get {@link #DEFAULT_F0}. */
    static final Map<String, Double> MEAN_F0 = Map.of("kal", 105.0, "kal16", 105.0, "awb", 120.0, "rms", 105.0,
            "slt", 175.0);

    static final double DEFAULT_F0 = 120.0;

    private static final Logger log = LoggerFactory.getLogger(FliteTts.class);

    private final String executable;
    private final Duration timeout;

    public FliteTts() {
        this("flite", Duration.ofSeconds(30));
    }

    public FliteTts(String executable, Duration timeout) {
        this.executable = executable;
        this.timeout = timeout;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    protected List<TtsVoice> findVoices() {
        try {
            ProcessRunner.Result r = ProcessRunner.run(List.of(executable, "-lv"), null, timeout);
            List<TtsVoice> out = new ArrayList<>();
            for (String name : parseVoiceList(r.stdout() + "\n" + r.stderr())) {
                if (LIMITED_DOMAIN.contains(name)) continue;
                // kal and kal16 are the same recorded speaker at two sample rates: one speaker id.
                String speaker = NAME + ":" + (name.equals("kal16") ? "kal" : name);
                out.add(new TtsVoice(NAME, name, "", speaker, "en-us"));
            }
            if (out.isEmpty()) log.info("flite lists no usable voices: {}", ProcessRunner.tail(r.stderr()));
            else log.info("flite: {} voices", out.size());
            return List.copyOf(out);
        } catch (IOException e) {
            log.info("flite not available: {}", e.getMessage());
            return List.of();
        }
    }

    /** Parses {@code Voices available: kal awb ...}. */
    static List<String> parseVoiceList(String listing) {
        for (String line : listing.split("\\R")) {
            int i = line.indexOf("Voices available:");
            if (i >= 0) {
                String rest = line.substring(i + "Voices available:".length()).trim();
                return rest.isEmpty() ? List.of() : List.of(rest.split("\\s+"));
            }
        }
        return List.of();
    }

    @Override
    public PcmAudio synthesize(String text, TtsVoice voice, SpeechStyle style) throws TtsException {
        double f0 = MEAN_F0.getOrDefault(voice.voiceId(), DEFAULT_F0) * pitchFactor(style.pitch());
        List<String> cmd = new ArrayList<>(List.of(executable, "-voice", voice.voiceId(),
                "--setf", String.format(Locale.ROOT, "duration_stretch=%.4f", 1.0 / style.rate()),
                "--setf", String.format(Locale.ROOT, "int_f0_target_mean=%.1f", f0),
                "-t", text));
        return TtsProcess.synthesizeToWav(cmd, "-o", null, timeout, NAME, voice, text, "Error load voice");
    }

    /** Pitch 0..99 to a frequency factor: 50 -> 1, 0 -> 1/sqrt(2), 99 -> about sqrt(2) (half an octave each way). */
    static double pitchFactor(int pitch) {
        return Math.pow(2.0, (pitch - 50) / 100.0);
    }
}
