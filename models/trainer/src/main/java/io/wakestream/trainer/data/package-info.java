/**
 * Training data for the wake-word trainer: labelled audio clips from text-to-speech, user recordings and
 * augmentation. Feature extraction and the network live elsewhere; everything here ends in {@link
 * io.wakestream.trainer.data.Clip}s (16 kHz mono 16-bit audio, a label, a speaker id, and for positives the wake
 * phrase's position in the clip).
 *
 * <h2>Building a corpus</h2>
 * <pre>{@code
 * Path cache = Path.of("build/tts-cache");
 * SyntheticCorpusBuilder builder = SyntheticCorpusBuilder.standard(cache);      // espeak-ng, flite, festival
 * ClipCorpus synthetic = builder.build(CorpusSpec.defaults("jarvis", cache));    // ~300 positives, ~1500 negatives
 * ClipCorpus mine = new ClipCorpus(UserRecordings.loadPositives(Path.of("recordings"), "jarvis").clips());
 * ClipCorpus.Split split = synthetic.plus(mine).splitBySpeaker(0.15, 42);        // validation voices unseen
 * Augmenter aug = new Augmenter(AugmentationConfig.DEFAULT, 7, Augmenter.loadNoiseFiles(noiseWavs));
 * ClipCorpus training = aug.augment(split.training(), 2, true);                  // originals + 2 noisy copies
 * }</pre>
 *
 * <h2>Pieces</h2>
 * <ul>
 *   <li>{@link io.wakestream.trainer.data.TtsEngine} ({@link io.wakestream.trainer.data.EspeakNgTts},
 *       {@link io.wakestream.trainer.data.FliteTts}, {@link io.wakestream.trainer.data.FestivalTts}) and
 *       {@link io.wakestream.trainer.data.TtsCatalog}: voices and synthesis; missing engines are skipped.
 *   <li>{@link io.wakestream.trainer.data.ConfusablePhrases}: hard negatives found by pronunciation
 *       ({@link io.wakestream.trainer.data.PronunciationDictionary}, {@link io.wakestream.trainer.data.PhoneticDistance}).
 *   <li>{@link io.wakestream.trainer.data.RunningSpeech}: everyday sentences and random word strings.
 *   <li>{@link io.wakestream.trainer.data.UserRecordings}: a user's own clips, grouped by speaker.
 *   <li>{@link io.wakestream.trainer.data.Augmenter} with {@link io.wakestream.trainer.data.AugmentationConfig}:
 *       noise ({@link io.wakestream.trainer.data.NoiseGenerator} or files) at an SNR, gain, speed, pitch
 *       ({@link io.wakestream.trainer.data.TimeStretch}), reverberation ({@link io.wakestream.trainer.data.RoomReverb}),
 *       placement in a fixed window.
 * </ul>
 */
package io.wakestream.trainer.data;
