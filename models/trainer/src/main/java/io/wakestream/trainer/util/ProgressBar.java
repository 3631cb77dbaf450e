package io.wakestream.trainer.util;

import java.io.PrintStream;
import java.util.Locale;

/**
 * A progress bar on stderr for long work: redraws one line on a terminal; elsewhere (CI logs, pipes) prints a
 * plain line every 10% so logs stay readable.
 */
public final class ProgressBar implements AutoCloseable {
    private final String task;
    private final long total;
    private final PrintStream out;
    private final boolean terminal;
    private final long startNanos = System.nanoTime();
    private long done;
    private long lastDrawNanos;
    private int lastDecile = -1;
    private String suffix = "";

    public ProgressBar(String task, long total) {
        this(task, total, System.err, System.console() != null);
    }

    ProgressBar(String task, long total, PrintStream out, boolean terminal) {
        this.task = task;
        this.total = Math.max(1, total);
        this.out = out;
        this.terminal = terminal;
    }

    public synchronized void step() {
        advance(1);
    }

    public synchronized void advance(long n) {
        done = Math.min(total, done + n);
        draw(false);
    }

    /** Extra text after the bar (e.g. the current loss). */
    public synchronized void status(String text) {
        suffix = text;
        draw(false);
    }

    private void draw(boolean force) {
        long now = System.nanoTime();
        double fraction = (double) done / total;
        if (terminal) {
            if (!force && now - lastDrawNanos < 100_000_000L && done < total) return;
            lastDrawNanos = now;
            int width = 30, filled = (int) Math.round(fraction * width);
            out.print("\r" + task + " [" + "#".repeat(filled) + " ".repeat(width - filled) + "] "
                    + String.format(Locale.ROOT, "%3.0f%% %d/%d %s %s", fraction * 100, done, total, eta(now, fraction), suffix)
                    + "   ");
            out.flush();
        } else {
            int decile = (int) (fraction * 10);
            if (!force && decile == lastDecile) return;
            lastDecile = decile;
            out.println(task + ": " + String.format(Locale.ROOT, "%.0f%% (%d/%d) %s %s", fraction * 100, done, total, eta(now, fraction), suffix).trim());
        }
    }

    private String eta(long now, double fraction) {
        double elapsed = (now - startNanos) / 1e9;
        if (fraction >= 1) return String.format(Locale.ROOT, "in %.1fs", elapsed);
        if (fraction <= 0 || elapsed < 0.5) return "";
        double remaining = elapsed / fraction - elapsed;
        return String.format(Locale.ROOT, "ETA %ds", Math.round(remaining));
    }

    @Override
    public synchronized void close() {
        boolean alreadyShown = done == total && !terminal && lastDecile == 10;
        done = total;
        if (!alreadyShown) draw(true);
        if (terminal) out.println();
    }
}
