package io.wakestream.trainer.data;

import io.wakestream.engine.audio.PcmAudio;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SVOX Pico, run as {@code pico2wave}: two English voices (en-US, en-GB), each built from recordings of one real
 * speaker, the synthesiser of older Android phones. Debian non-free: {@code libttspico-utils}. Used only when asked
 * for, like {@link RhvoiceTts}. Rate and pitch go in as Pico's own markup ({@code <speed level="N">}, {@code <pitch
 * level="N">}, 100 = the voice's own).
 */
public final class PicoTts extends ListedVoicesEngine.OnRequest {
    public static final String NAME = "pico";

    static final List<String> LANGUAGES = List.of("en-US", "en-GB");

    private static final Logger log = LoggerFactory.getLogger(PicoTts.class);

    private final String executable;
    private final Path langDir;
    private final Duration timeout;

    public PicoTts() {
        this("pico2wave", Path.of("/usr/share/pico/lang"), Duration.ofSeconds(30));
    }

    /**
     * @param executable the {@code pico2wave} program
     * @param langDir where Pico's language files are ({@code en-US_ta.bin}...)
     */
    public PicoTts(String executable, Path langDir, Duration timeout) {
        super(NAME, "SVOX Pico (Debian non-free: libttspico-utils)");
        this.executable = executable;
        this.langDir = langDir;
        this.timeout = timeout;
    }

    @Override
    protected List<TtsVoice> findVoices() {
        List<TtsVoice> candidates = new ArrayList<>();
        for (String lang : LANGUAGES) {
            if (Files.isRegularFile(langDir.resolve(lang + "_ta.bin"))) {
                candidates.add(new TtsVoice(NAME, lang, "", NAME + ":" + lang, lang.toLowerCase(java.util.Locale.ROOT)));
            }
        }
        List<TtsVoice> out = thoseThatSpeak(candidates, log, "Pico voices skipped, they do not speak");
        if (out.isEmpty()) log.info("Pico voices not available (Debian non-free: libttspico-utils)");
        else log.info("pico: {} voices", out.size());
        return out;
    }

    @Override
    public PcmAudio synthesize(String text, TtsVoice voice, SpeechStyle style) throws TtsException {
        String marked = String.format(java.util.Locale.ROOT, "<speed level=\"%d\"><pitch level=\"%d\">%s</pitch></speed>",
                Math.round(100 * style.rate()), Math.round(100 * FliteTts.pitchFactor(style.pitch())), escape(text));
        // pico2wave wants the output to end in .wav, which the temporary file does.
        return TtsProcess.synthesizeToWav(List.of(executable, "-l", voice.voiceId(), marked), "-w", null, timeout,
                NAME, voice, text, null);
    }

    /** The text as markup: Pico reads {@code <} and {@code &} in it as tags and entities. */
    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
