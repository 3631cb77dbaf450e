package io.wakestream.trainer.util;

import java.io.PrintStream;
import java.util.Locale;

/**
 * Progress of long work on stderr, the one implementation every trainer step uses. On a terminal: one line
 * redrawn in place ({@code \r}) at most every 250 ms, with a bar, counts, rate and ETA. Elsewhere (CI logs,
 * pipes), where carriage returns pile up into one huge line: a plain line at most every 10 s. Thread-safe.
 */
public final class ProgressBar implements AutoCloseable {
    private static final long TERMINAL_INTERVAL_NS = 250_000_000L;
    private static final long PLAIN_INTERVAL_NS = 10_000_000_000L;
    private static final int WIDTH = 30;

    private final String label;
    private final long total;
    private final PrintStream out;
    private final boolean terminal;
    private final long startNs = System.nanoTime();
    private long done;
    private long lastPrintNs;
    private String status = "";
    private boolean finished;

    public ProgressBar(String label, long total) {
        this(label, total, System.err, terminalAttached());
    }

    public ProgressBar(String label, long total, PrintStream out, boolean terminal) {
        this.label = label;
        this.total = Math.max(0, total);
        this.out = out;
        this.terminal = terminal;
        this.lastPrintNs = startNs;
    }

    /** True when the JVM has a console (an interactive terminal). */
    public static boolean terminalAttached() {
        return System.console() != null;
    }

    public void step() {
        advance(1);
    }

    /** Counts {@code n} more items as done. */
    public synchronized void advance(long n) {
        update(done + n, status);
    }

    /** Sets the count done and a status shown after it (e.g. the running loss). */
    public synchronized void update(long doneNow, String statusNow) {
        done = Math.min(Math.max(doneNow, 0), total);
        status = statusNow == null ? "" : statusNow;
        long now = System.nanoTime();
        if (now - lastPrintNs >= (terminal ? TERMINAL_INTERVAL_NS : PLAIN_INTERVAL_NS)) {
            lastPrintNs = now;
            print(render(now), false);
        }
    }

    /** Ends the bar with a summary line in its place. */
    public synchronized void finish(String summary) {
        if (finished) return;
        finished = true;
        if (terminal) out.print('\r' + " ".repeat(WIDTH + label.length() + 70) + '\r');
        out.println(summary);
        out.flush();
    }

    /** Ends the bar showing its final state. */
    @Override
    public synchronized void close() {
        if (finished) return;
        finished = true;
        print(render(System.nanoTime()), true);
    }

    synchronized String render(long now) {
        double elapsed = (now - startNs) / 1e9;
        double rate = elapsed > 0 ? done / elapsed : 0;
        int filled = total == 0 ? WIDTH : (int) (WIDTH * done / total);
        String eta = done >= total ? "in " + duration(elapsed) : rate > 0 ? "ETA " + duration((total - done) / rate) : "ETA ?";
        return String.format(Locale.ROOT, "%s [%s%s] %d/%d %s%s", label, "=".repeat(filled), " ".repeat(WIDTH - filled),
                done, total, eta, status.isEmpty() ? "" : " " + status);
    }

    private void print(String line, boolean last) {
        if (terminal) out.print('\r' + line + "  " + (last ? System.lineSeparator() : ""));
        else out.println(line);
        out.flush();
    }

    /** 42s, 3m05s, 1h02m. */
    public static String duration(double seconds) {
        if (Double.isNaN(seconds) || Double.isInfinite(seconds)) return "?";
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%dh%02dm", s / 3600, s / 60 % 60)
                : s >= 60 ? String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60) : s + "s";
    }
}
