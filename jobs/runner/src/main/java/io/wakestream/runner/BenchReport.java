package io.wakestream.runner;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;

/** The bench's results as a Markdown page: how they were made, the table, and what each column includes. */
final class BenchReport {
    private BenchReport() {}

    static void write(Path md, String command, String machine, List<BenchResult> results, List<String> notes, Path png)
            throws IOException {
        StringBuilder b = new StringBuilder();
        b.append("# Wakestream end-to-end bench\n\n");
        b.append("Made by `").append(command).append("` on ").append(LocalDate.now()).append(".\n\n");
        b.append("Machine: ").append(machine).append(".\n\n");
        if (png != null) {
            Path rel = md.toAbsolutePath().getParent() == null ? png : md.toAbsolutePath().getParent().relativize(png.toAbsolutePath());
            b.append("![CPU and wake latency against devices](").append(rel.toString().replace('\\', '/')).append(")\n\n");
        }
        b.append("| devices | mode | job CPU ms / audio s / stream | of which Flink tasks | streams per core | job cores"
                + " | wake p50 / p95 / p99 ms | detection p50 ms | transcript p50 / p95 / p99 ms | detected / planted"
                + " | false accepts | transcripts | Kafka bytes / device-s | state bytes / device | source lag at end s | kept up |\n");
        b.append("|---:|---|---:|---:|---:|---:|---|---:|---|---|---:|---:|---:|---:|---:|---|\n");
        for (BenchResult r : results) {
            var o = r.outcome();
            b.append(String.format(Locale.ROOT, "| %d | %s | %.3f | %.3f | %.0f | %.2f | %s | %s | %s | %d / %d | %d | %d | %.0f | %s | %.2f | %s |\n",
                    r.settings().devices(), BenchPlot.mode(r.settings()), r.cpu().jobMs(), r.cpu().tasksMs(),
                    r.cpu().streamsPerCore(), r.cpu().jobCores(), triple(o.wakeLatenciesMs()),
                    one(PhraseMatcher.percentile(o.detectionDelaysMs(), 50)), triple(o.transcriptLatenciesMs()),
                    o.detected(), o.planted(), o.falseAccepts(), o.transcripts(),
                    r.audioTopicBytes() / (double) r.settings().devices() / r.settings().seconds(),
                    r.state() == null ? "not measured" : String.valueOf(r.state().stateSizeBytes() / r.settings().devices()),
                    r.lag().endSeconds(), r.lag().behindRealTime() ? "**no**" : "yes"));
        }
        b.append('\n');
        for (String n : notes) b.append("- ").append(n).append('\n');
        b.append("\nCPU breakdown per run (ms per audio second per stream):\n\n");
        b.append("| devices | mode | Flink task threads | other job threads | GC | the job's biggest thread groups | Vosk decoding (wall, inside a task, whole run)"
                + " | agents | bench | JIT | whole bench JVM | Kafka broker |\n|---:|---|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|\n");
        for (BenchResult r : results) {
            var c = r.cpu();
            b.append(String.format(Locale.ROOT, "| %d | %s | %.3f | %.3f | %.3f | %s | %s | %.3f | %.3f | %.3f | %.3f | %.3f |\n",
                    r.settings().devices(), BenchPlot.mode(r.settings()), c.tasksMs(), c.jobOtherMs(), c.gcMs(),
                    r.describeGroups(4).replace("|", "/"),
                    Double.isNaN(c.transcribeMs()) ? "-" : String.format(Locale.ROOT, "%.3f", c.transcribeMs()),
                    c.agentsMs(), c.benchMs(), c.jitMs(), c.processMs(), c.brokerMs()));
        }
        b.append(DEFINITIONS);
        if (md.toAbsolutePath().getParent() != null) Files.createDirectories(md.toAbsolutePath().getParent());
        Files.writeString(md, b.toString());
    }

    private static String triple(List<Long> v) {
        if (v.isEmpty()) return "-";
        return PhraseMatcher.percentile(v, 50) + " / " + PhraseMatcher.percentile(v, 95) + " / " + PhraseMatcher.percentile(v, 99);
    }

    private static String one(Long v) {
        return v == null ? "-" : v.toString();
    }

    private static final String DEFINITIONS = """

            ## What the columns measure

            - **Setup.** One JVM runs the Flink job in a mini cluster (`LocalPipeline`, the same Kafka source and
              sinks a cluster uses), the simulated devices (the capture agent's own `AgentRunner`, 100 devices per
              agent and Kafka producer, 100 ms chunks, paced to the wall clock) and the readers; the Kafka broker
              (3.9.1, KRaft) is a child JVM on 127.0.0.1.
            - **Audio.** Every device plays real audio built from `samples/`: room tone of random length, then
              repeatedly a wake clip ("Jarvis" + a command, cut from `kitchen.wav` or `hallway.wav`) followed by
              filler (`office.wav`, speech without the wake phrase, and room tone) for a random time, so phrases
              come about every `--wake-every` seconds per device and devices are not in step. The phrase positions
              are found from the samples' energy (kitchen "Jarvis" ends 1.83 s, hallway 2.99 s into the sample).
            - **Job CPU** is the CPU time of the job's threads in this JVM (ThreadMXBean, sampled each second):
              the Flink task threads (named after their operator chain) plus every other thread not known to be the
              agents' or the bench's (the Kafka source fetcher, the sinks' producer threads, checkpointing, the mini
              cluster's JobManager and RPC), plus all of the JVM's garbage collection (read from `/proc/self/task`;
              it collects the agents' garbage too, so this overstates the job a little), over a window from the
              warm-up (5 s, or a quarter of the run) to the end of the audio, divided by the audio the job took in
              over it (devices x window, less any growth of the source's lag). Not in it: the JIT compilers
              (warm-up), the agents, the bench's readers, the Kafka broker (its own JVM; its column is its process
              CPU time).
            - **Streams per core** = 1000 / job CPU ms per audio second.
            - **Wake latency**: from the wall-clock time the end of the planted phrase was captured (the device's
              stream anchor, read back from its chunk 0, plus the phrase's end in its audio) to the moment the bench
              read the wake event from Kafka with `read_committed`. It includes waiting for the chunk holding the
              phrase's end to fill (up to 100 ms), the agent's batching (linger 20 ms), the job, and for exactly-once
              the wait for the checkpoint that commits the sink's transaction. **Detection** is the part up to the
              job's `detectedAtMs`. A wake event matches a planted phrase of its device whose end is within 1 s of the
              event's `audioEndMs`; unmatched events are false accepts.
            - **Transcript latency**: from the end of the command's speech to the transcript read. It includes the
              700 ms of silence the job's VAD waits for before closing the command, and Vosk's decoding.
            - **Kafka bytes / device-s**: the audio topic's log size at the end (lz4-compressed batches, as the agent
              sends them) / (devices x seconds).
            - **State bytes / device**: the latest completed checkpoint's full state size / devices (HashMap state
              backend, full snapshots, written to a temporary folder: the mini cluster's default in-memory checkpoint
              storage refuses more than 5 MB per subtask, about 600 devices). That also holds the source's offsets and
              the sinks' state (small), and a device's state grows while a command is being collected. Not measured
              without checkpoints.
            - **Kept up**: the job's Kafka source (its consumer's `records-lag`) was less than 1 s of audio per device
              behind, averaged over the last third of the run. A sweep stops a mode once it does not keep up.
            """;
}
