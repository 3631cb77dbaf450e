package io.wakestream.runner;

import java.io.IOException;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * This JVM's memory (the job's mini cluster runs here, with the simulated devices and the soak's readers) and the
 * Kafka broker's (a child JVM): heap used right after a full collection, which is what stays reachable and so what a
 * leak grows; the resident set of both processes from {@code /proc/<pid>/status} (VmRSS), which also shows native
 * memory (ONNX Runtime, Vosk, direct buffers) that the heap does not.
 */
final class MemoryProbe {
    /**
     * @param heapAfterGcBytes heap used after {@link System#gc()}
     * @param heapCommittedBytes heap the JVM holds from the OS
     * @param directBytes direct and mapped NIO buffers
     * @param rssBytes this process's resident set; -1 where there is no /proc
     * @param brokerRssBytes the broker JVM's resident set (this process's child processes, summed); -1 if unknown
     * @param threads live Java threads in this JVM
     * @param gcMillis how long the collection took (the job pauses meanwhile)
     */
    record Reading(long heapAfterGcBytes, long heapCommittedBytes, long directBytes, long rssBytes, long brokerRssBytes,
            int threads, long gcMillis) {}

    private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();

    /** Runs a full collection and reads everything. */
    Reading read() {
        long t0 = System.nanoTime();
        System.gc();
        long gcMillis = (System.nanoTime() - t0) / 1_000_000;
        var heap = memory.getHeapMemoryUsage();
        long direct = 0;
        for (BufferPoolMXBean b : ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class)) direct += Math.max(0, b.getMemoryUsed());
        return new Reading(heap.getUsed(), heap.getCommitted(), direct, rssBytes(ProcessHandle.current().pid()),
                brokerRssBytes(), ManagementFactory.getThreadMXBean().getThreadCount(), gcMillis);
    }

    /** Heap used now, without a collection (for the progress line). */
    long heapUsedNow() {
        return memory.getHeapMemoryUsage().getUsed();
    }

    /** The children of this process are the broker's JVM (the runner starts no other). */
    static long brokerRssBytes() {
        long sum = 0;
        boolean any = false;
        for (ProcessHandle child : ProcessHandle.current().children().toList()) {
            long rss = rssBytes(child.pid());
            if (rss >= 0) {
                sum += rss;
                any = true;
            }
        }
        return any ? sum : -1;
    }

    /** VmRSS of a process, in bytes; -1 if it cannot be read (not Linux, or the process ended). */
    static long rssBytes(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    String[] f = line.substring(6).trim().split("\\s+");
                    return Long.parseLong(f[0]) * 1024; // the kernel writes kB
                }
            }
        } catch (IOException | RuntimeException e) {
            // below
        }
        return -1;
    }
}
