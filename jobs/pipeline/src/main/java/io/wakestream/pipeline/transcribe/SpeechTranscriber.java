package io.wakestream.pipeline.transcribe;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wakestream.engine.audio.WavReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicLong;
import org.vosk.Model;
import org.vosk.Recognizer;

/**
 * Turns 16 kHz mono PCM into a {@link Transcript} with the shared Vosk {@link Model} of a folder.
 *
 * <p><b>Recognisers are pooled, not made per call.</b> Vosk's small English model composes its decoding graph on the
 * fly, and each recogniser keeps its own cache of that composition: the first utterances through a new recogniser
 * are several times slower than later ones (measured on this model: ~2.3-3.6 s for a 1.9 s command through a new
 * recogniser, 0.17-0.33 s through a used one; creating the recogniser itself takes 0.1-0.25 s). So recognisers are
 * kept in a pool and reused; a caller thread takes one, uses it, gives it back. An {@link Utterance} fed in pieces
 * while a command is spoken holds its recogniser until it ends, so the pool grows to the number of utterances open at
 * once.
 *
 * <p><b>A reused recogniser starts each call clean.</b> Every call ends with {@code getFinalResult()}, after which
 * Vosk rebuilds the recogniser's feature pipeline and decoder on the next input (nothing of one device's voice
 * adapts the next call), keeping only the graph cache. What it does keep is a running count of the audio it has
 * seen, which it adds to every word time; this class subtracts it. Vosk does that sum in single precision, so a
 * recogniser is retired after {@link #RETIRE_AFTER_SAMPLES} (an hour of audio: 3600 s in single precision is good to
 * 0.24 ms); this also bounds the growth of its graph cache. Not sooner: a new recogniser costs about 7 s of extra CPU
 * before it is warm again (TranscriptionBench, 31 espeak-ng commands per pass: 4.0 s of CPU a warm pass, 8.5, 5.6 and
 * 5.1 s for the three passes after a retirement), which at 10 minutes was a fifth of all decoding and, in the soak,
 * a retirement every ~40 s on the single transcription subtask.
 *
 * <p>Thread-safe. Silence or empty audio gives {@link Transcript#EMPTY}, not an error.
 *
 * <p><b>Not a pure function of the audio.</b> The same audio decoded again in the same process can come out with a
 * borderline word changed (measured: 2 to 3 of 10 espeak commands differ by one word between passes, with new and
 * with reused recognisers alike; a fresh process repeats the same sequence), and confidences vary in the second
 * decimal. So a replayed segment gets the same event id but not always the same words.
 */
public final class SpeechTranscriber implements AutoCloseable {
    public static final int SAMPLE_RATE = 16_000;
    /** Audio a recogniser may see before it is replaced (see the class comment). */
    static final long RETIRE_AFTER_SAMPLES = 60L * 60 * SAMPLE_RATE;
    private static final ObjectMapper JSON = new ObjectMapper();
    /**
     * 9.4 s of everyday commands in four of flite's voices (16 kHz mono, a resource beside this class; remade by
     * jobs/pipeline/make-warm-up-speech.py), none of them the demo samples' sentences that the bench plants.
     */
    static final String WARM_UP_SPEECH = "warm-up-speech.wav";
    private static short[] warmUpSpeech; // guarded by SpeechTranscriber.class

    /** The JVM-wide transcribers ({@link #shared}) by model folder, and how many users each has. */
    private static final Map<Path, SpeechTranscriber> SHARED = new HashMap<>();

    private final Path modelDir;
    private final Model model;
    private final long retireAfterSamples;
    private final ConcurrentLinkedDeque<PooledRecognizer> idle = new ConcurrentLinkedDeque<>();
    private final AtomicLong recognizersCreated = new AtomicLong();
    private final boolean shared;
    private int users; // of a shared transcriber; guarded by SHARED
    private volatile boolean closed;

    /** A transcriber of its own on the JVM-wide model of {@code modelDir} (loaded now if it is not yet). */
    public SpeechTranscriber(Path modelDir) throws VoskModelException {
        this(modelDir, RETIRE_AFTER_SAMPLES);
    }

    /** With another retirement point, for tests. */
    SpeechTranscriber(Path modelDir, long retireAfterSamples) throws VoskModelException {
        this(modelDir, retireAfterSamples, false);
    }

    private SpeechTranscriber(Path modelDir, long retireAfterSamples, boolean shared) throws VoskModelException {
        this.modelDir = modelDir;
        this.model = VoskModels.get(modelDir);
        this.retireAfterSamples = retireAfterSamples;
        this.shared = shared;
    }

    /**
     * The JVM's transcriber for {@code modelDir}: one pool of recognisers per model folder per TaskManager, shared by
     * every subtask that asks (a recogniser one subtask warmed serves the next). Each caller closes what it got once;
     * the pool's recognisers are freed when the last user has closed it.
     */
    public static SpeechTranscriber shared(Path modelDir) throws VoskModelException {
        Path key = modelDir.toAbsolutePath().normalize();
        synchronized (SHARED) {
            SpeechTranscriber t = SHARED.get(key);
            if (t == null) {
                t = new SpeechTranscriber(key, RETIRE_AFTER_SAMPLES, true);
                SHARED.put(key, t);
            }
            t.users++;
            return t;
        }
    }

    /**
     * Transcribes one utterance.
     *
     * @param pcm 16 kHz mono samples; may be empty
     * @return the words with times relative to {@code pcm[0]}, clamped to the audio's length
     * @throws TranscriptionException when Vosk fails on this audio (the recogniser involved is discarded)
     */
    public Transcript transcribe(short[] pcm) throws TranscriptionException {
        if (closed) throw new IllegalStateException("transcriber for " + modelDir + " is closed");
        if (pcm.length == 0) return Transcript.EMPTY;
        try (Utterance u = startUtterance()) {
            u.accept(pcm, 0, pcm.length);
            return u.finish();
        }
    }

    /**
     * Starts an utterance that is fed in pieces as its audio arrives ({@link Utterance#accept}), so that most of the
     * decoding is done by the time it ends and {@link Utterance#finish()} only has the last frames and the word
     * alignment left. It holds a recogniser from the pool until it is finished or closed.
     */
    public Utterance startUtterance() throws TranscriptionException {
        if (closed) throw new IllegalStateException("transcriber for " + modelDir + " is closed");
        return new Utterance(take());
    }

    /**
     * One utterance being decoded as its audio comes in, on a recogniser of the pool. Not thread-safe (one caller
     * feeds it). {@link #close()} without {@link #finish()} abandons it and returns the recogniser to the pool.
     */
    public final class Utterance implements AutoCloseable {
        private PooledRecognizer recognizer;
        private final long offsetSamples;
        private int samples;

        private Utterance(PooledRecognizer recognizer) {
            this.recognizer = recognizer;
            this.offsetSamples = recognizer.samplesSeen;
        }

        /** Decodes the next {@code len} samples of the utterance. */
        public void accept(short[] pcm, int off, int len) throws TranscriptionException {
            if (recognizer == null) throw new IllegalStateException("the utterance has ended");
            if (len == 0) return;
            short[] piece = off == 0 ? pcm : Arrays.copyOfRange(pcm, off, off + len); // Vosk reads from index 0
            try {
                recognizer.recognizer.acceptWaveForm(piece, len);
            } catch (RuntimeException e) {
                discard();
                throw new TranscriptionException("Vosk failed on " + len + " samples: " + e, e);
            }
            recognizer.samplesSeen += len;
            samples += len;
        }

        /**
         * What the recogniser has heard so far (words separated by single spaces; empty before the first word). It
         * may still change as more audio comes; {@link #finish()} gives the final words.
         */
        public String partialText() throws TranscriptionException {
            if (recognizer == null) throw new IllegalStateException("the utterance has ended");
            try {
                return parsePartial(recognizer.recognizer.getPartialResult());
            } catch (RuntimeException | JsonProcessingException e) {
                throw new TranscriptionException("Vosk failed on a partial result after " + samples + " samples: " + e, e);
            }
        }

        /** Samples fed so far. */
        public int samples() {
            return samples;
        }

        /** Ends the utterance: its words, with times relative to its first sample. The recogniser goes back to the pool. */
        public Transcript finish() throws TranscriptionException {
            if (recognizer == null) throw new IllegalStateException("the utterance has ended");
            if (samples == 0) {
                close();
                return Transcript.EMPTY;
            }
            PooledRecognizer r = recognizer;
            recognizer = null;
            boolean healthy = false;
            try {
                Transcript t = parse(r.recognizer.getFinalResult(), offsetSamples, samples);
                healthy = true;
                return t;
            } catch (RuntimeException | JsonProcessingException e) {
                throw new TranscriptionException("Vosk failed on " + samples + " samples: " + e, e);
            } finally {
                giveBack(r, healthy);
            }
        }

        /** Abandons the utterance if it was not finished (its audio is decoded to the end and dropped, which leaves the recogniser clean). */
        @Override
        public void close() {
            PooledRecognizer r = recognizer;
            if (r == null) return;
            recognizer = null;
            boolean healthy = false;
            try {
                r.recognizer.getFinalResult();
                healthy = true;
            } catch (RuntimeException e) {
                // discarded below
            } finally {
                giveBack(r, healthy);
            }
        }

        private void discard() {
            PooledRecognizer r = recognizer;
            recognizer = null;
            giveBack(r, false);
        }
    }

    /**
     * Decodes the bundled warm-up speech ({@link #WARM_UP_SPEECH}) on a recogniser of the pool that has decoded
     * nothing yet (a new one when none is idle) and gives it back, so that the first commands after a start do not pay
     * for a cold recogniser. Measured on this model (thread CPU time, two processes): kitchen.wav's command took
     * 750-1000 ms on a new recogniser, 290-330 ms after the warm-up (which costs 1.7-2.2 s), 105-115 ms once warm on it;
     * hallway.wav's 340-410, 230-280 and 105 ms. The cache holds the decoding graph's paths that speech took, so
     * unrelated speech warms only part of it. Does nothing when the recogniser it gets has already decoded audio.
     *
     * @return the milliseconds it spent decoding, 0 if there was nothing to warm
     * @throws TranscriptionException when Vosk fails on the speech (the recogniser is discarded)
     */
    public long warmUp() throws TranscriptionException {
        if (closed) throw new IllegalStateException("transcriber for " + modelDir + " is closed");
        PooledRecognizer r = take();
        if (r.samplesSeen > 0) {
            giveBack(r, true);
            return 0;
        }
        long start = System.nanoTime();
        try (Utterance u = new Utterance(r)) {
            short[] speech = warmUpSpeech();
            u.accept(speech, 0, speech.length);
            u.finish();
        }
        return (System.nanoTime() - start) / 1_000_000;
    }

    /** The warm-up speech, read once per JVM. */
    private static short[] warmUpSpeech() throws TranscriptionException {
        synchronized (SpeechTranscriber.class) {
            if (warmUpSpeech == null) {
                try (InputStream in = SpeechTranscriber.class.getResourceAsStream(WARM_UP_SPEECH)) {
                    if (in == null) throw new TranscriptionException("the warm-up speech " + WARM_UP_SPEECH + " is not on the classpath", null);
                    warmUpSpeech = WavReader.read(in, WARM_UP_SPEECH).samples();
                } catch (IOException e) {
                    throw new TranscriptionException("cannot read the warm-up speech " + WARM_UP_SPEECH + ": " + e.getMessage(), e);
                }
            }
            return warmUpSpeech;
        }
    }

    /** Recognisers made so far (a new one per concurrent caller, and after each retirement). */
    public long recognizersCreated() {
        return recognizersCreated.get();
    }

    /** Recognisers waiting in the pool (not held by a call or an open {@link Utterance}). */
    public int idleRecognizers() {
        return idle.size();
    }

    /**
     * Frees the pooled recognisers (the model stays loaded for the JVM); a {@link #shared} transcriber only when its
     * last user closes it.
     */
    @Override
    public void close() {
        if (shared) {
            synchronized (SHARED) {
                if (--users > 0) return;
                SHARED.remove(modelDir, this);
            }
        }
        closed = true;
        for (PooledRecognizer r; (r = idle.poll()) != null; ) r.recognizer.close();
    }

    private PooledRecognizer take() throws TranscriptionException {
        PooledRecognizer r = idle.pollFirst();
        if (r != null) return r;
        try {
            Recognizer recognizer = new Recognizer(model, SAMPLE_RATE);
            recognizer.setWords(true);
            recognizersCreated.incrementAndGet();
            return new PooledRecognizer(recognizer);
        } catch (IOException | RuntimeException e) {
            throw new TranscriptionException("cannot create a Vosk recogniser on " + modelDir + ": " + e, e);
        }
    }

    private void giveBack(PooledRecognizer r, boolean healthy) {
        if (!healthy || closed || r.samplesSeen >= retireAfterSamples) {
            r.recognizer.close();
            return;
        }
        // Most recently used first: its cache is the warmest, and idle extras stay untouched.
        idle.offerFirst(r);
        if (closed && idle.remove(r)) r.recognizer.close();
    }

    /** Reads Vosk's partial-result JSON: {"partial": "..."}. */
    static String parsePartial(String json) throws JsonProcessingException {
        return String.join(" ", JSON.readTree(json).path("partial").asText("").trim().split("\\s+")).trim();
    }

    /** Reads Vosk's final-result JSON: {"text": "...", "result": [{"word","start","end","conf"} ...]}. */
    static Transcript parse(String json, long offsetSamples, int samples) throws JsonProcessingException {
        JsonNode root = JSON.readTree(json);
        JsonNode result = root.path("result");
        if (!result.isArray() || result.isEmpty()) {
            String text = root.path("text").asText("").trim();
            // Words are always asked for, so text without words means Vosk broke its own format.
            if (!text.isEmpty()) throw new IllegalStateException("Vosk returned text without words: " + json);
            return Transcript.EMPTY;
        }
        double offsetSec = (double) offsetSamples / SAMPLE_RATE;
        long durationMs = samples * 1000L / SAMPLE_RATE;
        List<RecognizedWord> words = new ArrayList<>(result.size());
        for (JsonNode w : result) {
            String word = w.path("word").asText("");
            if (word.isEmpty() || !w.path("start").isNumber() || !w.path("end").isNumber()) {
                throw new IllegalStateException("Vosk returned a malformed word " + w + " in " + json);
            }
            // Vosk's times are multiples of its 30 ms frames and can overshoot the audio by part of a frame.
            long start = clamp(Math.round((w.get("start").asDouble() - offsetSec) * 1000), 0, durationMs);
            long end = clamp(Math.round((w.get("end").asDouble() - offsetSec) * 1000), start, durationMs);
            // A posterior; clamped only against rounding in Vosk's printout.
            float conf = (float) Math.min(1, Math.max(0, w.path("conf").asDouble(0)));
            words.add(new RecognizedWord(word, start, end, conf));
        }
        return new Transcript(String.join(" ", words.stream().map(RecognizedWord::word).toList()), words);
    }

    private static long clamp(long v, long lo, long hi) {
        return Math.max(lo, Math.min(hi, v));
    }

    /** A recogniser and the audio it has been fed since it was made (Vosk adds that to every word time). */
    private static final class PooledRecognizer {
        final Recognizer recognizer;
        long samplesSeen;

        PooledRecognizer(Recognizer recognizer) {
            this.recognizer = recognizer;
        }
    }
}
