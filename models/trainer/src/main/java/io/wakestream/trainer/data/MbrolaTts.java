package io.wakestream.trainer.data;

import io.wakestream.engine.audio.PcmAudio;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * espeak-ng's MBROLA voices: espeak-ng turns the text into phonemes and a pitch contour, and the {@code mbrola}
 * program joins diphones cut from recordings of one real speaker per voice. So these sound like 20 recorded people
 * (four native English, sixteen speaking English with the phonemes of their own language: {@code mb-de1-en}...),
 * where every other espeak-ng voice is the same formant synthesiser with other settings. They need the
 * {@code mbrola} program and a voice package per speaker (Debian contrib and non-free: {@code mbrola},
 * {@code mbrola-us1}, {@code mbrola-de1}...); voices whose package is missing are skipped, each named in the log.
 *
 * <p>A separate engine from {@link EspeakNgTts} so that a corpus uses them only when asked ({@code --engine-draws
 * mbrola=K}) and a model's recipe means the same corpus with or without the packages installed.
 */
public final class MbrolaTts extends ListedVoicesEngine.OnRequest {
    public static final String NAME = "mbrola";

    private static final Logger log = LoggerFactory.getLogger(MbrolaTts.class);

    private final String executable;
    private final Duration timeout;
    private final EspeakNgTts speaker;

    public MbrolaTts() {
        this("espeak-ng", Duration.ofSeconds(30));
    }

    /** @param executable espeak-ng's program name or path */
    public MbrolaTts(String executable, Duration timeout) {
        super(NAME, "the mbrola program and its English voices (Debian contrib/non-free: mbrola mbrola-us1 mbrola-us2"
                + " mbrola-us3 mbrola-en1 ...)");
        this.executable = executable;
        this.timeout = timeout;
        this.speaker = new EspeakNgTts(executable, List.of(), false, timeout);
    }

    /** The English MBROLA voices espeak-ng lists, each kept only when it speaks (its database is installed). */
    @Override
    protected List<TtsVoice> findVoices() {
        String listing;
        try {
            ProcessRunner.Result r = ProcessRunner.run(List.of(executable, "--voices=mb"), null, timeout);
            if (!r.ok()) {
                log.info("MBROLA voices not available: espeak-ng --voices=mb failed: {}", ProcessRunner.tail(r.stderr()));
                return List.of();
            }
            listing = r.stdout();
        } catch (IOException e) {
            log.info("MBROLA voices not available: {}", e.getMessage());
            return List.of();
        }
        List<TtsVoice> out = thoseThatSpeak(parseVoiceList(listing), log,
                "MBROLA voices skipped (the mbrola program or their voice package is not installed)");
        if (!out.isEmpty()) log.info("mbrola: {} voices", out.size());
        return out;
    }

    /**
     * The English voices of {@code espeak-ng --voices=mb}: native ones ({@code mb/mb-us1}, language {@code en-us})
     * and foreign speakers reading English ({@code mb/mb-de1-en}, language {@code en}, accent {@code de}). The speaker
     * is the recorded person, the database's name ({@code mbrola:us1}, {@code mbrola:de1}).
     */
    static List<TtsVoice> parseVoiceList(String listing) {
        List<TtsVoice> out = new ArrayList<>();
        for (String line : listing.split("\\R")) {
            String[] f = line.trim().split("\\s+");
            if (f.length < 5 || f[0].equals("Pty") || !f[4].startsWith("mb/")) continue;
            String lang = f[1].toLowerCase(Locale.ROOT);
            if (!lang.equals("en") && !lang.startsWith("en-")) continue;
            String voiceId = f[4].substring(3); // mb-us1, mb-de1-en
            String[] parts = voiceId.split("-");
            if (parts.length < 2) continue;
            String database = parts[1];
            boolean foreign = voiceId.endsWith("-en");
            String accent = foreign ? database.replaceAll("\\d+$", "") : lang.equals("en-uk") ? "en-gb" : lang;
            out.add(new TtsVoice(NAME, voiceId, "", NAME + ":" + database, accent));
        }
        return out;
    }

    @Override
    public PcmAudio synthesize(String text, TtsVoice voice, SpeechStyle style) throws TtsException {
        return speaker.synthesize(text, voice, style);
    }

    /** True for the speaker id of an MBROLA voice. */
    public static boolean isSpeaker(String speakerId) {
        return speakerId.startsWith(NAME + ":");
    }
}
