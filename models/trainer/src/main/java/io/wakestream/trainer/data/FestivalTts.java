package io.wakestream.trainer.data;

import io.wakestream.engine.audio.PcmAudio;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Festival speech synthesis system: voices are listed with {@code festival --pipe} and spoken with
 * {@code text2wave}. Only the rate is controlled ({@code Duration_Stretch}); Festival's pitch controls differ per
 * voice type (diphone intonation parameters vs. HTS models), so pitch is left to the voice.
 */
public final class FestivalTts implements TtsEngine {
    public static final String NAME = "festival";

    private static final Logger log = LoggerFactory.getLogger(FestivalTts.class);
    /** Voice names go into Scheme code, so only plain symbols are accepted. */
    private static final Pattern SYMBOL = Pattern.compile("[a-z0-9_]+");

    private final String festival;
    private final String text2wave;
    private final Duration timeout;
    private volatile List<TtsVoice> voices;

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
    public boolean isAvailable() {
        return !voices().isEmpty();
    }

    @Override
    public List<TtsVoice> voices() {
        List<TtsVoice> v = voices;
        if (v == null) {
            v = enumerate();
            voices = v;
        }
        return v;
    }

    private List<TtsVoice> enumerate() {
        try {
            ProcessRunner.Result r = ProcessRunner.run(List.of(festival, "--pipe"), "(print (voice.list))\n", timeout);
            List<TtsVoice> out = new ArrayList<>();
            for (String name : parseVoiceList(r.stdout())) {
                out.add(new TtsVoice(NAME, name, "", NAME + ":" + name, accentOf(name)));
            }
            // text2wave is a separate script; without it we cannot synthesize even if festival answers.
            if (!out.isEmpty()) {
                ProcessRunner.run(List.of(text2wave, "-h"), null, timeout);
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
        List<String> cmd = List.of(text2wave,
                "-eval", "(voice_" + voice.voiceId() + ")",
                "-eval", String.format(Locale.ROOT, "(Parameter.set 'Duration_Stretch %.4f)", 1.0 / style.rate()));
        return TtsProcess.synthesizeToWav(cmd, "-o", text + "\n", timeout, NAME, voice, text, null);
    }
}
