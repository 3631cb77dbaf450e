package io.wakestream.trainer.data;

import io.wakestream.engine.audio.PcmAudio;
import io.wakestream.engine.audio.WavReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Festival speech synthesis system. Voices are listed with {@code festival --pipe}; speech is made in
 * long-running {@code festival --pipe} processes ({@link FestivalSession}), because starting Festival costs over a
 * second per clip, falling back to one {@code text2wave} run per clip if that does not work.
 *
 * <p>The rate works for all voice types ({@code Duration_Stretch} for diphone voices, the hts_engine {@code -r}
 * option for HTS voices); pitch and pitch range only for voices with linear-regression intonation (the diphone
 * voices), HTS voices keep their own pitch.
 */
public final class FestivalTts extends ListedVoicesEngine implements AutoCloseable {
    public static final String NAME = "festival";

    private static final Logger log = LoggerFactory.getLogger(FestivalTts.class);
    /** Voice names go into Scheme code, so only plain symbols are accepted. */
    private static final Pattern SYMBOL = Pattern.compile("[a-z0-9_]+");

    private final String festival;
    private final String text2wave;
    private final Duration timeout;
    /** Running Festival processes not in use; one per thread that synthesizes concurrently. */
    private final ConcurrentLinkedQueue<FestivalSession> idle = new ConcurrentLinkedQueue<>();
    private volatile boolean sessionsWork = true;

    public FestivalTts() {
        this("festival", "text2wave", Duration.ofSeconds(60));
    }

    public FestivalTts(String festival, String text2wave, Duration timeout) {
        this.festival = festival;
        this.text2wave = text2wave;
        this.timeout = timeout;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    protected List<TtsVoice> findVoices() {
        try {
            ProcessRunner.Result r = ProcessRunner.run(List.of(festival, "--pipe"), "(print (voice.list))\n", timeout);
            List<TtsVoice> out = new ArrayList<>();
            for (String name : parseVoiceList(r.stdout())) {
                out.add(new TtsVoice(NAME, name, "", NAME + ":" + name, accentOf(name)));
            }
            if (out.isEmpty()) log.info("festival lists no voices: {}", ProcessRunner.tail(r.stderr()));
            else log.info("festival: {} voices", out.size());
            return List.copyOf(out);
        } catch (IOException e) {
            log.info("festival not available: {}", e.getMessage());
            return List.of();
        }
    }

    /** Parses the printed voice list, e.g. {@code (kal_diphone rab_diphone cmu_us_slt_arctic_hts)}. */
    static List<String> parseVoiceList(String printed) {
        List<String> out = new ArrayList<>();
        Matcher m = Pattern.compile("\\(([^()]*)\\)").matcher(printed);
        if (m.find()) {
            for (String s : m.group(1).trim().split("\\s+")) {
                if (SYMBOL.matcher(s).matches() && !out.contains(s)) out.add(s);
            }
        }
        return out;
    }

    /** Best guess at the accent from Festival's naming conventions (rab is British, kal/ked/cmu_us American). */
    static String accentOf(String voice) {
        if (voice.startsWith("rab") || voice.contains("_uk_") || voice.startsWith("cmu_uk")) return "en-gb";
        if (voice.contains("_scotland") || voice.startsWith("cmu_us_awb")) return "en-gb-scotland";
        return "en-us";
    }

    @Override
    public PcmAudio synthesize(String text, TtsVoice voice, SpeechStyle style) throws TtsException {
        if (!SYMBOL.matcher(voice.voiceId()).matches()) {
            throw new TtsException("festival voice name not a plain symbol: " + voice.voiceId());
        }
        String settings = settings(voice, style);
        if (sessionsWork) {
            FestivalSession session = idle.poll();
            try {
                if (session == null) session = FestivalSession.start(sessionCommand(), timeout);
            } catch (IOException e) {
                sessionsWork = false;
                log.info("cannot keep festival running ({}); starting text2wave for each clip instead (slower)",
                        e.getMessage());
            }
            if (session != null) return synthesizeInSession(session, settings, text, voice);
        }
        List<String> cmd = List.of(text2wave, "-eval", "(begin " + settings + ")");
        // Festival reports Scheme errors on stderr but still exits with 0.
        return TtsProcess.synthesizeToWav(cmd, "-o", text + "\n", timeout, NAME, voice, text, "SIOD ERROR");
    }

    private PcmAudio synthesizeInSession(FestivalSession session, String settings, String text, TtsVoice voice)
            throws TtsException {
        String what = "festival voice " + voice.voiceId() + " saying '" + TtsProcess.abbreviate(text) + "'";
        Path wav = null;
        boolean healthy = false;
        try {
            wav = Files.createTempFile("wakestream-festival-", ".wav");
            session.eval(settings + "\n(utt.save.wave (SynthText " + FestivalSession.quote(text) + ") "
                    + FestivalSession.quote(wav.toString()) + " 'riff)", timeout);
            healthy = true;
            if (Files.size(wav) <= 44) {
                throw new TtsException(what + " produced no audio; stderr: " + ProcessRunner.tail(session.stderr()));
            }
            PcmAudio audio = WavReader.read(wav);
            if (audio.samples().length == 0) throw new TtsException(what + " produced an empty WAV");
            return audio;
        } catch (TtsException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new TtsException(what + ": " + e.getMessage(), e);
        } finally {
            // A session that timed out or died is not reused; a healthy one goes back to the pool.
            if (healthy && session.isAlive()) idle.add(session);
            else session.close();
            if (wav != null) {
                try {
                    Files.deleteIfExists(wav);
                } catch (IOException ignored) {
                    // a stray temp file is not worth failing for
                }
            }
        }
    }

    /** Scheme that selects the voice and applies the style (shared by the session and text2wave paths). */
    static String settings(TtsVoice voice, SpeechStyle style) {
        StringBuilder s = new StringBuilder("(voice_" + voice.voiceId() + ")");
        // Diphone and clunit voices scale their durations by Duration_Stretch...
        s.append(String.format(Locale.ROOT, "(Parameter.set 'Duration_Stretch %.4f)", 1.0 / style.rate()));
        // ...HTS voices ignore it and take the hts_engine speed option instead (the variable exists only once an
        // HTS voice has been loaded; touching it otherwise is an error).
        s.append(String.format(Locale.ROOT, "(if (symbol-bound? 'hts_engine_params) (set! hts_engine_params"
                + " (append hts_engine_params (list (list \"-r\" %.4f)))))", style.rate()));
        double f0 = FliteTts.pitchFactor(style.pitch());
        double spread = style.pitchRange() >= 0 ? style.pitchRange() / 50.0 : 1.0;
        if ((f0 != 1.0 || spread != 1.0) && !voice.voiceId().contains("_hts")) {
            // Voices with linear-regression intonation (the diphone voices) aim at int_lr_params' target mean and
            // spread, which each voice sets when selected; scale the voice's own values.
            s.append(String.format(Locale.ROOT,
                    "(if (assoc 'target_f0_mean int_lr_params) (set! int_lr_params (list"
                            + " (list 'target_f0_mean (* %.4f (car (cdr (assoc 'target_f0_mean int_lr_params)))))"
                            + " (list 'target_f0_std (* %.4f (car (cdr (assoc 'target_f0_std int_lr_params)))))"
                            + " (assoc 'model_f0_mean int_lr_params) (assoc 'model_f0_std int_lr_params))))",
                    f0, spread));
        }
        return s.toString();
    }

    /** Makes every call start text2wave (the fallback path), for tests. */
    void disableSessions() {
        sessionsWork = false;
    }

    private List<String> sessionCommand() {
        return List.of("stdbuf", "-oL", festival, "--pipe");
    }

    /** Ends the running Festival processes (they also end by themselves when this JVM exits). */
    @Override
    public void close() {
        for (FestivalSession s; (s = idle.poll()) != null; ) s.close();
    }
}
