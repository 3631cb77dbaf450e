package io.wakestream.trainer.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.wakestream.engine.audio.WavReader;
import io.wakestream.engine.audio.WavStream;
import io.wakestream.engine.detect.Detection;
import io.wakestream.engine.detect.DetectionConfig;
import io.wakestream.engine.model.WakeWordModel;
import io.wakestream.engine.stream.StreamingDetector;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ./wakestream detect}: finds the wake phrase in WAV files, streaming them (hours are fine). */
@Command(
        name = "detect",
        mixinStandardHelpOptions = true,
        description = "Detects the wake phrase in WAV files (any PCM or float WAV, 8-48 kHz, mono or stereo). Files are streamed, so hour-long recordings need little memory. Bad files are reported and skipped; the exit code is 0 when every file was read (whether or not anything was detected), 1 when any file could not be read.")
public final class DetectCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Option(names = "--model", paramLabel = "DIR", description = "Model folder (manifest.json + model.onnx). Default: ${DEFAULT-VALUE}",
            defaultValue = "${sys:wakestream.home:-.}/models/jarvis")
    Path model;

    @Option(names = "--json", description = "One JSON object per detection on standard output.")
    boolean json;

    @Option(names = "--threshold", description = "Override the model's threshold (0-1).")
    Float threshold;

    @Parameters(arity = "1..*", paramLabel = "FILE.wav", description = "Audio files to scan.")
    List<Path> files;

    @Override
    public Integer call() throws IOException {
        WakeWordModel m = WakeWordModel.load(model);
        DetectionConfig detection = threshold == null ? m.manifest().detection() : m.manifest().detection().withThreshold(threshold);
        PrintStream out = System.out;
        int failed = 0;
        for (Path file : files) {
            try {
                List<Detection> found = scan(m, detection, file, d -> print(out, file, d));
                if (!json) System.err.printf("%s: %d detection%s%n", file, found.size(), found.size() == 1 ? "" : "s");
            } catch (IOException | RuntimeException e) {
                failed++;
                System.err.println("wakestream detect: " + describe(file, e));
            }
        }
        out.flush();
        if (failed > 0) {
            System.err.printf("wakestream detect: %d of %d files could not be read%n", failed, files.size());
            return 1;
        }
        return 0;
    }

    /** Streams one file through a fresh detector, reporting detections as they happen. */
    static List<Detection> scan(WakeWordModel model, DetectionConfig detection, Path file,
            java.util.function.Consumer<Detection> onDetection) throws IOException {
        StreamingDetector detector = new StreamingDetector(model, detection, null);
        List<Detection> all = new java.util.ArrayList<>();
        short[] buf = new short[16_000];
        try (WavStream in = WavReader.open(file)) {
            int n;
            while ((n = in.read(buf, 0, buf.length)) > 0) {
                for (Detection d : detector.accept(buf, 0, n)) {
                    all.add(d);
                    onDetection.accept(d);
                }
            }
        }
        for (Detection d : detector.finish()) {
            all.add(d);
            onDetection.accept(d);
        }
        return all;
    }

    private void print(PrintStream out, Path file, Detection d) {
        if (json) {
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("file", file.toString());
            line.put("wakeWord", d.wakeWord());
            line.put("score", Math.round(d.score() * 10000) / 10000.0);
            line.put("audioStartMs", d.audioStartMs());
            line.put("audioEndMs", d.audioEndMs());
            // When it fired, in the same audio time: what a wake event's latency starts from, short of the pipeline.
            line.put("detectedAtMs", d.detectedAtMs());
            try {
                out.println(JSON.writeValueAsString(line));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        } else {
            out.printf("%s: \"%s\" at %s-%s (score %.3f)%n", file, d.wakeWord(), clock(d.audioStartMs()), clock(d.audioEndMs()), d.score());
        }
        out.flush();
    }

    /** One line saying which file failed and why (the JDK's file exceptions carry only the path). */
    static String describe(Path file, Exception e) {
        if (e instanceof java.nio.file.NoSuchFileException) return file + ": no such file";
        if (e instanceof java.nio.file.AccessDeniedException) return file + ": permission denied";
        if (e instanceof java.nio.file.FileSystemException f && f.getReason() != null) return file + ": " + f.getReason();
        String m = e.getMessage();
        return m != null && m.contains(file.toString()) ? m : file + ": " + (m == null ? e.toString() : m);
    }

    static String clock(long ms) {
        long s = ms / 1000;
        return String.format("%d:%02d:%02d.%03d", s / 3600, s / 60 % 60, s % 60, ms % 1000);
    }
}
