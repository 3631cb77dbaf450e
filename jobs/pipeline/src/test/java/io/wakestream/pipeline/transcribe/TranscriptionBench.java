package io.wakestream.pipeline.transcribe;

import io.wakestream.engine.audio.PcmAudio;
import io.wakestream.engine.audio.WavReader;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Measures by hand (not a test): model load time, then the transcript, WER and decode time of every input in
 * {@code --passes N} passes (default 2; first: recognisers cold; then warm), and the process's resident memory.
 *
 * <pre>
 * mvn -o -q -pl jobs/pipeline test-compile dependency:build-classpath -Dmdep.outputFile=target/test-classpath.txt
 * P=jobs/pipeline/target
 * java -cp "$P/test-classes:$P/classes:$(cat $P/test-classpath.txt)" -Dvosk.model.dir=models/vosk-model-en \
 *   io.wakestream.pipeline.transcribe.TranscriptionBench [--passes N] [--fresh] [--espeak] [--other-commands] [--say TEXT ...] [--wav FILE=REFERENCE ...]
 * </pre>
 * {@code --fresh} uses a new transcriber (so a new recogniser) per input instead of one warm pool.
 * {@code --espeak} adds the espeak-ng commands of {@link SpeechTranscriberTest}; {@code --say TEXT} one more; {@code --other-commands} 21 commands the tests do not use. {@code FILE=REFERENCE}: a WAV and what is said in it (an
 * empty reference prints the transcript without a WER).
 */
public final class TranscriptionBench {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final com.sun.management.OperatingSystemMXBean PROCESS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    /** Commands the tests do not use, to check that the test's WER bound is not tuned to its ten. */
    static final List<String> OTHER_COMMANDS = List.of(
            "switch on the lamp in the study", "how much battery is left on my phone",
            "remind me to water the plants at six", "what is on my calendar for friday", "lock the front door",
            "dim the lights in the dining room to half", "play the news from the radio",
            "how long will it take to drive to work", "close the blinds in the bedroom",
            "set an alarm for seven thirty tomorrow morning", "turn the volume down a little",
            "is it going to rain this afternoon", "start the dishwasher when the power is cheap",
            "what song is playing right now", "show me the camera at the back door",
            "turn up the heating in the bathroom", "order more coffee beans from the shop",
            "read me the last message from anna", "stop the music in the garden",
            "how many steps did i walk today", "please turn off all the lights in the living room");

    public static void main(String[] args) throws Exception {
        Map<String, short[]> audio = new LinkedHashMap<>();
        Map<String, String> reference = new LinkedHashMap<>();
        boolean fresh = false;
        int passes = 2;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--fresh" -> fresh = true;
                case "--passes" -> passes = Integer.parseInt(args[++i]);
                case "--espeak" -> {
                    for (String c : SpeechTranscriberTest.COMMANDS.keySet()) {
                        audio.put("espeak: " + c, Speech.espeak(c));
                        reference.put("espeak: " + c, c);
                    }
                }
                case "--other-commands" -> {
                    for (String c : OTHER_COMMANDS) {
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
        System.out.printf(Locale.ROOT, "RSS before load: %d MB%n", rssMb());
        long t0 = System.nanoTime();
        long c0 = THREADS.getCurrentThreadCpuTime();
        VoskModels.get(dir);
        System.out.printf(Locale.ROOT, "model load: %d ms wall, %d ms CPU (%s)%n", (System.nanoTime() - t0) / 1_000_000,
                (THREADS.getCurrentThreadCpuTime() - c0) / 1_000_000, dir);
        System.out.printf(Locale.ROOT, "RSS after load: %d MB%n", rssMb());
        SpeechTranscriber shared = new SpeechTranscriber(dir);
        for (int pass = 1; pass <= passes; pass++) {
            WordErrorRate.Score total = new WordErrorRate.Score(0, 0);
            long decodeMs = 0, decodeCpuMs = 0, processCpuMs = 0, audioMs = 0;
            List<String> lines = new ArrayList<>();
            for (var e : audio.entrySet()) {
                SpeechTranscriber t = fresh ? new SpeechTranscriber(dir) : shared;
                long start = System.nanoTime();
                long cpuStart = THREADS.getCurrentThreadCpuTime();
                long processCpuStart = PROCESS.getProcessCpuTime();
                Transcript tr = t.transcribe(e.getValue());
                long ms = (System.nanoTime() - start) / 1_000_000;
                long cpu = (THREADS.getCurrentThreadCpuTime() - cpuStart) / 1_000_000;
                long processCpu = (PROCESS.getProcessCpuTime() - processCpuStart) / 1_000_000;
                if (fresh) t.close();
                long len = e.getValue().length * 1000L / SpeechTranscriber.SAMPLE_RATE;
                decodeMs += ms;
                decodeCpuMs += cpu;
                processCpuMs += processCpu;
                audioMs += len;
                String ref = reference.get(e.getKey());
                String wer = "-";
                if (!ref.isEmpty()) {
                    WordErrorRate.Score s = WordErrorRate.score(ref, tr.text());
                    total = total.plus(s);
                    wer = String.format(Locale.ROOT, "%d/%d", s.errors(), s.referenceWords());
                }
                lines.add(String.format(Locale.ROOT, "  %-45s %6d ms audio %6d ms decode (%5d ms CPU)  wer %-5s \"%s\"", e.getKey(), len, ms, cpu, wer, tr.text()));
            }
            System.out.printf(Locale.ROOT, "pass %d (%s recognisers):%n", pass, fresh ? "new" : (pass == 1 ? "pooled, first use" : "pooled, warm"));
            lines.forEach(System.out::println);
            System.out.printf(Locale.ROOT, "  total: %d ms audio, %d ms decode wall, %d ms decode thread CPU (%d ms process CPU; real-time factor by thread CPU %.3f), WER %d/%d = %.3f, RSS %d MB%n",
                    audioMs, decodeMs, decodeCpuMs, processCpuMs, (double) decodeCpuMs / audioMs, total.errors(), total.referenceWords(), total.rate(), rssMb());
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
