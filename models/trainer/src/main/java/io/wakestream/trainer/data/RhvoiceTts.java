package io.wakestream.trainer.data;

import io.wakestream.engine.audio.PcmAudio;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * RHVoice, run as {@code RHVoice-test}: statistical parametric (HTS) voices, each trained on hours of recordings of one
 * real person (bdl, clb and slt are CMU ARCTIC's speakers; slt is also flite's and festival's slt). Its English voices
 * are in Debian non-free ({@code rhvoice rhvoice-english}). They sound like the people they were trained on far more
 * than espeak-ng's formant synthesiser does, which makes them the nearest thing to people this machine can make.
 *
 * <p>An engine used only when asked for ({@code --engine-draws rhvoice=K} or {@code --held-out-engine rhvoice}), so
 * installing it changes no existing recipe's corpus. Rate and pitch are RHVoice's percentages (100 = the voice's own).
 */
public final class RhvoiceTts extends ListedVoicesEngine.OnRequest {
    public static final String NAME = "rhvoice";

    /** Accents of the English voices RHVoice 1.8 ships; a voice not named here is taken as plain English. */
    static final Map<String, String> ACCENTS = Map.of("alan", "en-gb-scotland", "bdl", "en-us", "clb", "en-us",
            "slt", "en-us", "evgeniy-eng", "ru", "lyubov", "en-us");

    private static final Logger log = LoggerFactory.getLogger(RhvoiceTts.class);

    private final String executable;
    private final Path voicesDir;
    private final Duration timeout;

    public RhvoiceTts() {
        this("RHVoice-test", Path.of("/usr/share/RHVoice/voices"), Duration.ofSeconds(30));
    }

    /**
     * @param executable the {@code RHVoice-test} program
     * @param voicesDir where the voice folders are, each with a {@code voice.info}
     */
    public RhvoiceTts(String executable, Path voicesDir, Duration timeout) {
        super(NAME, "RHVoice and its English voices (Debian non-free: rhvoice rhvoice-english)");
        this.executable = executable;
        this.voicesDir = voicesDir;
        this.timeout = timeout;
    }

    /** The English voices installed, each kept only when it speaks. */
    @Override
    protected List<TtsVoice> findVoices() {
        List<Path> dirs;
        try (Stream<Path> s = Files.list(voicesDir)) {
            dirs = s.filter(Files::isDirectory).sorted().toList();
        } catch (IOException e) {
            log.info("RHVoice voices not available: no voice folder at {} (Debian non-free: rhvoice rhvoice-english)",
                    voicesDir);
            return List.of();
        }
        List<TtsVoice> candidates = new ArrayList<>();
        for (Path dir : dirs) {
            TtsVoice v = voiceOf(dir);
            if (v != null) candidates.add(v);
        }
        List<TtsVoice> out = thoseThatSpeak(candidates, log, "RHVoice voices skipped, they do not speak");
        if (!out.isEmpty()) log.info("rhvoice: {} voices", out.size());
        return out;
    }

    /** The voice a folder holds when its {@code voice.info} says English, else null. */
    static TtsVoice voiceOf(Path dir) {
        Properties info = new Properties();
        try (var in = Files.newBufferedReader(dir.resolve("voice.info"))) {
            info.load(in);
        } catch (IOException e) {
            return null;
        }
        if (!"english".equalsIgnoreCase(info.getProperty("language", "").trim())) return null;
        String id = info.getProperty("name", dir.getFileName().toString()).trim().toLowerCase(Locale.ROOT);
        return new TtsVoice(NAME, id, "", NAME + ":" + id, ACCENTS.getOrDefault(id, "en"));
    }

    @Override
    public PcmAudio synthesize(String text, TtsVoice voice, SpeechStyle style) throws TtsException {
        List<String> cmd = List.of(executable, "-p", voice.voiceId(),
                "-r", Long.toString(Math.round(100 * style.rate())),
                "-t", Long.toString(Math.round(100 * FliteTts.pitchFactor(style.pitch()))));
        // Text on standard input, the WAV (24 kHz) read back and resampled to 16 kHz.
        return TtsProcess.synthesizeToWav(cmd, "-o", text + "\n", timeout, NAME, voice, text, null);
    }
}
