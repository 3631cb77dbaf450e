package io.wakestream.trainer.data;

import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Progress of a long job on stderr: an updating line ({@code \r}) on a terminal, plain periodic lines otherwise
 * (logs and CI output, where carriage returns make a mess). Thread-safe.
 */
final class ProgressReporter {
    private static final long TERMINAL_INTERVAL_NS = 250_000_000L;
    private static final long PLAIN_INTERVAL_NS = 10_000_000_000L;

    private final String label;
    private final int total;
    private final PrintStream out;
    private final boolean terminal;
    private final long startNs = System.nanoTime();
    private final AtomicInteger done = new AtomicInteger();
    private long lastPrintNs;

    ProgressReporter(String label, int total) {
        this(label, total, System.err, System.console() != null);
    }

    ProgressReporter(String label, int total, PrintStream out, boolean terminal) {
        this.label = label;
        this.total = total;
        this.out = out;
        this.terminal = terminal;
        this.lastPrintNs = startNs;
    }

    /** Counts {@code n} more items as done and prints if it is time to. */
    void advance(int n) {
        int d = done.addAndGet(n);
        long now = System.nanoTime();
        synchronized (this) {
            if (now - lastPrintNs >= (terminal ? TERMINAL_INTERVAL_NS : PLAIN_INTERVAL_NS)) {
                lastPrintNs = now;
                print(d, now, false);
            }
        }
    }

    /** Prints the final state (and ends the terminal line). */
    synchronized void finish() {
        print(done.get(), System.nanoTime(), true);
    }

    private void print(int d, long now, boolean last) {
        double elapsed = (now - startNs) / 1e9;
        double rate = elapsed > 0 ? d / elapsed : 0;
        String eta = rate > 0 && d < total ? " ETA " + duration((total - d) / rate) : "";
        String line = String.format(Locale.ROOT, "%s: %d/%d (%.0f%%) %.1f/s, %s elapsed%s", label, d, total,
                total == 0 ? 100.0 : 100.0 * d / total, rate, duration(elapsed), eta);
        if (terminal) {
            out.print("\r" + line + "   " + (last ? "\n" : ""));
        } else {
            out.println(line);
        }
        out.flush();
    }

    static String duration(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%dh%02dm", s / 3600, s / 60 % 60)
                : s >= 60 ? String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60) : s + "s";
    }
}
