package io.wakestream.engine.stream;

import io.wakestream.engine.detect.DetectorState;
import io.wakestream.engine.features.FeatureWindow;
import io.wakestream.engine.features.MfccStreamState;

/**
 * Everything one audio stream carries for wake-word detection: the partial frame (MFCC state), the feature
 * window and the detector's memory. Created by {@link WakeWordEngine#newStream()}; plain parts, so a Flink job
 * can keep them in keyed state.
 */
public record WakeWordStream(MfccStreamState mfcc, FeatureWindow window, DetectorState detector) {}
