package io.wakestream.trainer.data;

import io.wakestream.engine.audio.PcmAudio;
import io.wakestream.engine.audio.WavReader;
import io.wakestream.engine.audio.WavWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Synthesized (and silence-trimmed) speech on disk, keyed by engine, voice, style and text, so that building a
 * corpus a second time does not run the TTS engines again. Entries are WAV files written atomically (temp file,
 * then rename), so a crash or a concurrent builder never leaves half a file under a real key.
 *
 * <p>The key does not include the engine's version: after upgrading a TTS engine, delete the cache directory.
 */
public final class SynthesisCache {
    /** Bumped when what is stored for a key changes (e.g. the trimming), so old entries are not reused. */
    static final String FORMAT = "v3-trim40db20ms-espeak-a40";

    private static final Logger log = LoggerFactory.getLogger(SynthesisCache.class);

    private final Path dir;
    private final AtomicInteger hits = new AtomicInteger();
    private final AtomicInteger misses = new AtomicInteger();

    /** @param dir cache root; created when first written */
    public SynthesisCache(Path dir) {
        this.dir = dir;
    }

    /**
     * The trimmed speech for the request, from the cache or by calling {@code engine} (then stored).
     *
     * @throws TtsException when synthesis fails
     */
    public float[] speech(TtsEngine engine, TtsVoice voice, SpeechStyle style, String text) throws TtsException {
        Path file = fileFor(voice, style, text);
        if (Files.isRegularFile(file)) {
            try {
                float[] x = Signals.toFloat(WavReader.read(file));
                hits.incrementAndGet();
                return x;
            } catch (IOException | RuntimeException e) {
                log.warn("ignoring broken cache entry {}: {}", file, e.getMessage());
            }
        }
        misses.incrementAndGet();
        PcmAudio audio = engine.synthesize(text, voice, style);
        float[] trimmed = Signals.trimSilence(Signals.toFloat(audio), audio.sampleRate());
        store(file, trimmed);
        return trimmed;
    }

    /** Requests answered from disk since this cache object was made. */
    public int hits() {
        return hits.get();
    }

    /** Requests that needed synthesis. */
    public int misses() {
        return misses.get();
    }

    Path fileFor(TtsVoice voice, SpeechStyle style, String text) {
        String key = String.join("\u0000", FORMAT, voice.engine(), voice.voiceId(), voice.variant(), style.id(), text);
        String voiceDir = (voice.voiceId() + (voice.variant().isEmpty() ? "" : "+" + voice.variant()))
                .replaceAll("[^A-Za-z0-9+._-]", "_");
        return dir.resolve(voice.engine()).resolve(voiceDir).resolve(sha256(key).substring(0, 32) + ".wav");
    }

    private void store(Path file, float[] x) {
        try {
            Files.createDirectories(file.getParent());
            Path tmp = Files.createTempFile(file.getParent(), ".tmp-", ".wav");
            WavWriter.write(tmp, Signals.toAudio(x).samples(), PcmAudio.ENGINE_SAMPLE_RATE);
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            // The clip is still usable; only the next run will have to synthesize it again.
            log.warn("cannot write cache entry {}: {}", file, e.getMessage());
        }
    }

    static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
