package io.wakestream.runner;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * CPU time of this JVM's threads, split by who they work for. The bench JVM runs the Flink mini cluster together
 * with the simulated devices and the output readers, so the process's CPU time alone would charge the agents'
 * encoding and sending to the job. Instead every thread's CPU time ({@link ThreadMXBean}) is sampled (each second,
 * so a thread that ends loses at most its last second) and each thread is put in one part by its name:
 * <ul>
 *   <li>{@link Part#FLINK_TASKS}: Flink task threads, named after their operator chain and ending in
 *       {@code (subtask/parallelism)#attempt}: the pipeline's own work (decoding, the wake-word operator,
 *       transcription where it is chained, the sinks' serialisation);</li>
 *   <li>{@link Part#AGENTS}: the capture agents (their capture loops, senders, status threads and Kafka producers);</li>
 *   <li>{@link Part#BENCH}: this bench (its main thread, the output reader, the anchor reader, its admin client);</li>
 *   <li>{@link Part#JOB_OTHER}: everything else, which is the job's: the Kafka source's fetcher, the sinks'
 *       producers' network threads, checkpointing, Flink's RPC and I/O threads. Unknown threads land here, so the
 *       job side is if anything overstated.</li>
 * </ul>
 * GC and JIT compiler threads are not Java threads; on Linux their CPU time is read from {@code /proc/self/task}
 * ({@link Snapshot#gcNanos}: the garbage collector and the VM thread that runs its pauses; {@link Snapshot#jitNanos}:
 * the compilers). {@link Snapshot#processCpuNanos} has everything.
 */
final class ThreadCpuMeter {
    /** Who a thread works for. */
    enum Part { FLINK_TASKS, JOB_OTHER, AGENTS, BENCH }

    private static final Pattern TASK_THREAD = Pattern.compile("^(.*) \\(\\d+/\\d+\\)#\\d+$");
    private static final Pattern NUMBERED = Pattern.compile("-\\d+$");
    private static final java.util.List<String> TASK_HELPERS = java.util.List.of("OutputFlusher for ",
            "Source Data Fetcher for ", "Time Trigger for ", "System Time Trigger for ");

    /**
     * Cumulative CPU time at one moment.
     *
     * @param byPart CPU ns per part, since the meter started
     * @param byTask CPU ns per group of the job's threads ({@link #group}): Flink task threads per operator chain
     *     (subtasks summed), other job threads per name
     * @param processCpuNanos the whole JVM (all threads, GC and JIT included)
     * @param childCpuNanos the child processes (the Kafka broker's JVM)
     * @param gcNanos the JVM's garbage-collector threads (all of the JVM's garbage, the agents' too); 0 off Linux
     * @param jitNanos the JVM's JIT compiler threads; 0 off Linux
     */
    record Snapshot(long wallNanos, Map<Part, Long> byPart, Map<String, Long> byTask, long processCpuNanos,
            long childCpuNanos, long gcNanos, long jitNanos) {
        /** This minus an earlier snapshot. */
        Snapshot minus(Snapshot earlier) {
            Map<Part, Long> parts = new HashMap<>();
            for (Part p : Part.values()) parts.put(p, byPart.getOrDefault(p, 0L) - earlier.byPart.getOrDefault(p, 0L));
            Map<String, Long> tasks = new TreeMap<>();
            byTask.forEach((k, v) -> tasks.put(k, v - earlier.byTask.getOrDefault(k, 0L)));
            return new Snapshot(wallNanos - earlier.wallNanos, parts, tasks, processCpuNanos - earlier.processCpuNanos,
                    childCpuNanos - earlier.childCpuNanos, gcNanos - earlier.gcNanos, jitNanos - earlier.jitNanos);
        }

        /** The job's side: its task threads and its other threads. */
        long jobNanos() {
            return byPart.getOrDefault(Part.FLINK_TASKS, 0L) + byPart.getOrDefault(Part.JOB_OTHER, 0L);
        }
    }

    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final com.sun.management.OperatingSystemMXBean os =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    /** Last CPU time seen per thread id, with its part and task; kept after the thread ends. */
    private final Map<Long, Seen> seen = new HashMap<>();
    private final long benchThreadId;

    private record Seen(Part part, String task, long cpuNanos) {}

    /** @param benchThread the thread that runs the bench (counted as the bench's) */
    ThreadCpuMeter(Thread benchThread) {
        if (!threads.isThreadCpuTimeSupported()) throw new IllegalStateException("this JVM cannot measure thread CPU time");
        if (!threads.isThreadCpuTimeEnabled()) threads.setThreadCpuTimeEnabled(true);
        this.benchThreadId = benchThread.getId();
    }

    /** Reads every live thread's CPU time and returns the totals so far. */
    synchronized Snapshot sample() {
        long[] ids = threads.getAllThreadIds();
        ThreadInfo[] infos = threads.getThreadInfo(ids, 0);
        for (int i = 0; i < ids.length; i++) {
            if (infos[i] == null) continue; // ended meanwhile
            long cpu = threads.getThreadCpuTime(ids[i]);
            if (cpu < 0) continue;
            Seen old = seen.get(ids[i]);
            if (old != null) {
                seen.put(ids[i], new Seen(old.part, old.task, Math.max(cpu, old.cpuNanos)));
            } else {
                String name = infos[i].getThreadName();
                Part part = ids[i] == benchThreadId ? Part.BENCH : classify(name);
                seen.put(ids[i], new Seen(part, part == Part.FLINK_TASKS || part == Part.JOB_OTHER ? group(name) : null, cpu));
            }
        }
        Map<Part, Long> parts = new HashMap<>();
        Map<String, Long> tasks = new TreeMap<>();
        for (Seen s : seen.values()) {
            parts.merge(s.part, s.cpuNanos, Long::sum);
            if (s.task != null) tasks.merge(s.task, s.cpuNanos, Long::sum);
        }
        long[] native_ = nativeThreadsCpuNanos();
        return new Snapshot(System.nanoTime(), parts, tasks, os.getProcessCpuTime(), childCpuNanos(), native_[0], native_[1]);
    }

    /**
     * {GC, JIT} CPU ns of the JVM's own threads, from /proc/self/task/<tid>/stat (utime + stime, in clock ticks of
     * 10 ms); {0, 0} where there is no /proc. The names are HotSpot's (G1, the default here; Parallel and Serial
     * have "GC Thread#n" too).
     */
    private static long[] nativeThreadsCpuNanos() {
        long gc = 0, jit = 0;
        java.io.File[] tasks = new java.io.File("/proc/self/task").listFiles();
        if (tasks == null) return new long[] {0, 0};
        for (java.io.File t : tasks) {
            String stat;
            try {
                stat = java.nio.file.Files.readString(t.toPath().resolve("stat"));
            } catch (java.io.IOException | RuntimeException e) {
                continue; // the thread ended
            }
            int open = stat.indexOf('('), close = stat.lastIndexOf(')');
            if (open < 0 || close < open) continue;
            String name = stat.substring(open + 1, close);
            boolean isGc = name.startsWith("GC Thread") || name.startsWith("G1 ") || name.equals("VM Thread");
            boolean isJit = name.startsWith("C1 CompilerThre") || name.startsWith("C2 CompilerThre");
            if (!isGc && !isJit) continue;
            String[] f = stat.substring(close + 2).split(" ");
            // After the name: state(0) ppid(1) ... utime(11) stime(12).
            long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
            long ns = ticks * 1_000_000_000L / CLOCK_TICKS_PER_SECOND;
            if (isGc) gc += ns;
            else jit += ns;
        }
        return new long[] {gc, jit};
    }

    /** USER_HZ: 100 on every Linux this runs on (the kernel's ABI value for /proc). */
    private static final long CLOCK_TICKS_PER_SECOND = 100;

    static Part classify(String name) {
        Matcher task = TASK_THREAD.matcher(name);
        if (task.matches()) {
            // A task's helpers carry its name too; they are the job's, but not the task thread.
            for (String helper : TASK_HELPERS) if (name.startsWith(helper)) return Part.JOB_OTHER;
            return Part.FLINK_TASKS;
        }
        if (name.startsWith(BenchAgents.THREAD_PREFIX) || name.equals("kafka-sender") || name.equals("status")
                || name.contains("| wakestream-agent-")) {
            return Part.AGENTS;
        }
        if (name.equals("output-reader") || name.equals(StreamAnchors.THREAD_NAME) || name.contains("| bench-")
                || name.startsWith("HttpClient-")) { // the bench's REST client
            return Part.BENCH;
        }
        return Part.JOB_OTHER;
    }

    /**
     * Threads of a kind together: a task thread by its operator chain (all subtasks), other threads by name
     * without a trailing number ("flink-pekko.actor.default-dispatcher-#").
     */
    static String group(String name) {
        Matcher task = TASK_THREAD.matcher(name);
        if (task.matches()) return task.group(1);
        return NUMBERED.matcher(name).replaceFirst("-#");
    }

    /** CPU time of this process's descendants: the Kafka broker's JVM (demo/bench start no other). */
    private static long childCpuNanos() {
        return ProcessHandle.current().descendants()
                .mapToLong(p -> p.info().totalCpuDuration().map(Duration::toNanos).orElse(0L)).sum();
    }

    /** Debugging aid: CPU ns per thread name so far. */
    synchronized Map<String, Long> byThreadName() {
        Map<String, Long> out = new TreeMap<>();
        long[] ids = threads.getAllThreadIds();
        for (long id : ids) {
            ThreadInfo info = threads.getThreadInfo(id);
            if (info != null) out.merge(info.getThreadName() + " [" + seen.getOrDefault(id, new Seen(null, null, 0)).part + "]",
                    Math.max(0, threads.getThreadCpuTime(id)), Long::sum);
        }
        return out;
    }
}
