package io.wakestream.pipeline.transcribe;

import io.wakestream.engine.audio.PcmAudio;
import io.wakestream.engine.audio.WavReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Measures by hand (not a test): model load time, then the transcript, WER and decode time of every input in
 * {@code -Dpasses} passes (first: recognisers cold; then warm), and the process's resident memory.
 *
 * <pre>
 * mvn -o -q -pl jobs/pipeline test-compile dependency:build-classpath -Dmdep.outputFile=target/test-classpath.txt
 * P=jobs/pipeline/target
 * java -Dpasses=2 -cp "$P/test-classes:$P/classes:$(cat $P/test-classpath.txt)" -Dvosk.model.dir=models/vosk-model-en \
 *   io.wakestream.pipeline.transcribe.TranscriptionBench [--fresh] [--espeak] [--wav FILE=REFERENCE ...]
 * </pre>
 * {@code --fresh} uses a new transcriber (so a new recogniser) per input instead of one warm pool.
 * {@code --espeak} adds the espeak-ng commands of {@link SpeechTranscriberTest}; {@code --say TEXT} one more. {@code FILE=REFERENCE}: a WAV and what is said in it (an
 * empty reference prints the transcript without a WER).
 */
public final class TranscriptionBench {
    public static void main(String[] args) throws Exception {
        Map<String, short[]> audio = new LinkedHashMap<>();
        Map<String, String> reference = new LinkedHashMap<>();
        boolean fresh = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--fresh" -> fresh = true;
                case "--espeak" -> {
                    for (String c : SpeechTranscriberTest.COMMANDS.keySet()) {
                        audio.put("espeak: " + c, Speech.espeak(c));
                        reference.put("espeak: " + c, c);
                    }
                }
                case "--say" -> {
                    String text = args[++i];
                    audio.put("espeak: " + text, Speech.espeak(text));
                    reference.put("espeak: " + text, text);
                }
                case "--wav" -> {
                    String[] kv = args[++i].split("=", 2);
                    PcmAudio a = WavReader.read(Path.of(kv[0]));
                    String name = Path.of(kv[0]).getFileName().toString();
                    audio.put(name, a.samples());
                    reference.put(name, kv.length > 1 ? kv[1] : "");
                }
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        Path dir = Speech.voskModelDir();
        long t0 = System.nanoTime();
        VoskModels.get(dir);
        System.out.printf(Locale.ROOT, "model load: %d ms (%s)%n", (System.nanoTime() - t0) / 1_000_000, dir);
        System.out.printf(Locale.ROOT, "RSS after load: %d MB%n", rssMb());
        SpeechTranscriber shared = new SpeechTranscriber(dir);
        for (int pass = 1; pass <= Integer.getInteger("passes", 2); pass++) {
            WordErrorRate.Score total = new WordErrorRate.Score(0, 0);
            long decodeMs = 0, audioMs = 0;
            List<String> lines = new ArrayList<>();
            for (var e : audio.entrySet()) {
                SpeechTranscriber t = fresh ? new SpeechTranscriber(dir) : shared;
                long start = System.nanoTime();
                Transcript tr = t.transcribe(e.getValue());
                long ms = (System.nanoTime() - start) / 1_000_000;
                if (fresh) t.close();
                long len = e.getValue().length * 1000L / SpeechTranscriber.SAMPLE_RATE;
                decodeMs += ms;
                audioMs += len;
                String ref = reference.get(e.getKey());
                String wer = "-";
                if (!ref.isEmpty()) {
                    WordErrorRate.Score s = WordErrorRate.score(ref, tr.text());
                    total = total.plus(s);
                    wer = String.format(Locale.ROOT, "%d/%d", s.errors(), s.referenceWords());
                }
                lines.add(String.format(Locale.ROOT, "  %-45s %6d ms audio %6d ms decode  wer %-5s \"%s\"", e.getKey(), len, ms, wer, tr.text()));
            }
            System.out.printf(Locale.ROOT, "pass %d (%s recognisers):%n", pass, fresh ? "new" : (pass == 1 ? "pooled, first use" : "pooled, warm"));
            lines.forEach(System.out::println);
            System.out.printf(Locale.ROOT, "  total: %d ms audio, %d ms decode (real-time factor %.3f), WER %d/%d = %.3f, RSS %d MB%n",
                    audioMs, decodeMs, (double) decodeMs / audioMs, total.errors(), total.referenceWords(), total.rate(), rssMb());
        }
        shared.close();
    }

    private static long rssMb() throws Exception {
        for (String l : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (l.startsWith("VmRSS:")) return Long.parseLong(l.replaceAll("\\D+", "")) / 1024;
        }
        return -1;
    }
}
