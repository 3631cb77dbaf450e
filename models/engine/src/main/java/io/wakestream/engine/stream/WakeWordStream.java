package io.wakestream.engine.stream;

import io.wakestream.engine.detect.DetectorState;
import io.wakestream.engine.features.FeatureWindow;
import io.wakestream.engine.features.MfccStreamState;
import io.wakestream.engine.features.OpenWakeWordStreamState;
import java.util.Objects;

/**
 * Everything one audio stream carries for wake-word detection: the frontend's state (for MFCC models the partial
 * frame and the feature window; for openWakeWord models its audio, mel and embedding buffers) and the detector's
 * memory. Created by {@link WakeWordEngine#newStream()}; plain parts, so a Flink job can keep them in keyed state.
 */
public final class WakeWordStream {
    private final MfccStreamState mfcc;
    private final FeatureWindow window;
    private final OpenWakeWordStreamState openWakeWord;
    private final DetectorState detector;

    /** A stream of an MFCC model. */
    public WakeWordStream(MfccStreamState mfcc, FeatureWindow window, DetectorState detector) {
        this.mfcc = Objects.requireNonNull(mfcc, "mfcc");
        this.window = Objects.requireNonNull(window, "window");
        this.openWakeWord = null;
        this.detector = Objects.requireNonNull(detector, "detector");
    }

    /** A stream of an openWakeWord model. */
    public WakeWordStream(OpenWakeWordStreamState openWakeWord, DetectorState detector) {
        this.mfcc = null;
        this.window = null;
        this.openWakeWord = Objects.requireNonNull(openWakeWord, "openWakeWord");
        this.detector = Objects.requireNonNull(detector, "detector");
    }

    public boolean isOpenWakeWord() {
        return openWakeWord != null;
    }

    /** The MFCC frontend's state; fails for an openWakeWord stream. */
    public MfccStreamState mfcc() {
        if (mfcc == null) throw new IllegalStateException("an openWakeWord stream has no MFCC state");
        return mfcc;
    }

    /** The MFCC feature window; fails for an openWakeWord stream. */
    public FeatureWindow window() {
        if (window == null) throw new IllegalStateException("an openWakeWord stream has no MFCC feature window");
        return window;
    }

    /** The openWakeWord frontend's state; fails for an MFCC stream. */
    public OpenWakeWordStreamState openWakeWord() {
        if (openWakeWord == null) throw new IllegalStateException("an MFCC stream has no openWakeWord state");
        return openWakeWord;
    }

    public DetectorState detector() {
        return detector;
    }

    /** Samples this stream has been fed, whatever its frontend. */
    public long samplesSeen() {
        return openWakeWord != null ? openWakeWord.samplesSeen() : mfcc.samplesSeen();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof WakeWordStream s && Objects.equals(mfcc, s.mfcc) && Objects.equals(window, s.window)
                && Objects.equals(openWakeWord, s.openWakeWord) && detector.equals(s.detector);
    }

    @Override
    public int hashCode() {
        return Objects.hash(mfcc, window, openWakeWord, detector);
    }

    @Override
    public String toString() {
        return "WakeWordStream[" + (openWakeWord != null ? "openWakeWord, " : "mfcc, ") + samplesSeen() + " samples]";
    }
}
