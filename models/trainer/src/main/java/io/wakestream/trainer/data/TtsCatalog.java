package io.wakestream.trainer.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The TTS engines installed on this machine and their voices. Engines that are missing are skipped with a log line. */
public final class TtsCatalog {
    private static final Logger log = LoggerFactory.getLogger(TtsCatalog.class);

    private final List<TtsEngine> engines;

    /** A catalog over the given engines (available or not; unavailable ones contribute no voices). */
    public TtsCatalog(List<? extends TtsEngine> engines) {
        this.engines = List.copyOf(engines);
    }

    /**
     * espeak-ng, flite, festival, and on request espeak-ng's MBROLA voices, RHVoice and SVOX Pico, with their default
     * settings (a corpus speaks with the on-request voices only when its spec draws them: see {@link
     * SyntheticCorpusBuilder}).
     */
    public static TtsCatalog defaults() {
        return new TtsCatalog(List.of(new EspeakNgTts(), new FliteTts(), new FestivalTts(), new MbrolaTts(),
                new RhvoiceTts(), new PicoTts()));
    }

    /** The names of all the catalog's engines, installed or not, in catalog order. */
    public List<String> engineNames() {
        List<String> out = new ArrayList<>();
        for (TtsEngine e : engines) out.add(e.name());
        return out;
    }

    /**
     * The engines that answered, leaving out those used only on request ({@link TtsEngine#onRequestOnly}; not even
     * asked, since finding MBROLA's voices takes a synthesis per voice).
     */
    public List<TtsEngine> availableEngines() {
        List<TtsEngine> out = new ArrayList<>();
        for (TtsEngine e : engines) {
            if (e.onRequestOnly()) continue;
            if (e.isAvailable()) out.add(e);
            else log.info("TTS engine {} is not available, skipped", e.name());
        }
        return out;
    }

    /**
     * Every voice of every available engine that is not {@link TtsEngine#onRequestOnly on request only}, engine by
     * engine in catalog order, each engine's own order within.
     */
    public List<TtsVoice> allVoices() {
        List<TtsVoice> out = new ArrayList<>();
        for (TtsEngine e : availableEngines()) out.addAll(e.voices());
        return out;
    }

    /**
     * The voices of the on-request-only engines among {@code names} ({@link TtsEngine#onRequestOnly}).
     *
     * @throws IOException when such an engine is not available, naming it
     */
    public List<TtsVoice> requestedVoices(java.util.Collection<String> names) throws IOException {
        List<TtsVoice> out = new ArrayList<>();
        for (TtsEngine e : engines) {
            if (!e.onRequestOnly() || !names.contains(e.name())) continue;
            if (!e.isAvailable()) {
                throw new IOException("TTS engine " + e.name() + " was asked for but has no voice that speaks here"
                        + (e.installHint().isEmpty() ? "" : ": install " + e.installHint()));
            }
            out.addAll(e.voices());
        }
        return out;
    }

    /** {@code n} made-up voices from every available engine that can make them ({@link TtsEngine#generatedVoices}). */
    public List<TtsVoice> generatedVoices(int n, long seed, Path cacheDir) throws IOException {
        List<TtsVoice> out = new ArrayList<>();
        for (TtsEngine e : availableEngines()) out.addAll(e.generatedVoices(n, seed, cacheDir));
        return out;
    }

    /** The engine that speaks with {@code voice}. */
    public Optional<TtsEngine> engineFor(TtsVoice voice) {
        return engines.stream().filter(e -> e.name().equals(voice.engine())).findFirst();
    }
}
