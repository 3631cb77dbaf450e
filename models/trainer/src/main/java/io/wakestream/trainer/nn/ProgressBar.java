package io.wakestream.trainer.nn;

import java.io.PrintStream;
import java.util.Locale;

/**
 * Per-epoch progress on a terminal: one line redrawn with {@code \r}, showing batches done/total,
 * running loss and ETA. When the stream is not a terminal (CI logs, redirected stderr) carriage
 * returns would pile up into one huge line, so it prints a plain line at most every {@link
 * #LOG_INTERVAL_NANOS} instead.
 */
final class ProgressBar {

    static final long LOG_INTERVAL_NANOS = 10_000_000_000L;
    private static final long REDRAW_INTERVAL_NANOS = 100_000_000L;
    private static final int WIDTH = 30;

    private final PrintStream out;
    private final boolean interactive;
    private final String label;
    private final int total;
    private final long start;
    private long lastPrint;

    ProgressBar(PrintStream out, boolean interactive, String label, int total) {
        this.out = out;
        this.interactive = interactive;
        this.label = label;
        this.total = total;
        this.start = System.nanoTime();
        this.lastPrint = start;
    }

    /** @return true when {@code System.console()} says stdin/stdout are a terminal */
    static boolean terminalAttached() {
        return System.console() != null;
    }

    /** Reports that {@code done} of {@code total} batches are finished. */
    void update(int done, double meanLoss) {
        long now = System.nanoTime();
        boolean last = done >= total;
        if (interactive) {
            if (last || now - lastPrint >= REDRAW_INTERVAL_NANOS) {
                lastPrint = now;
                out.print('\r' + render(done, meanLoss, now) + "  ");
                out.flush();
            }
        } else if (!last && now - lastPrint >= LOG_INTERVAL_NANOS) {
            // the final state is covered by the epoch summary line
            lastPrint = now;
            out.println(render(done, meanLoss, now));
            out.flush();
        }
    }

    /** Ends the bar with a summary line (replacing the bar on a terminal). */
    void finish(String summary) {
        if (interactive) {
            out.print('\r' + " ".repeat(WIDTH + label.length() + 60) + '\r');
        }
        out.println(summary);
        out.flush();
    }

    String render(int done, double meanLoss, long now) {
        int filled = total == 0 ? WIDTH : (int) ((long) WIDTH * done / total);
        double elapsed = (now - start) / 1e9;
        double eta = done == 0 ? Double.NaN : elapsed * (total - done) / done;
        return String.format(Locale.ROOT, "%s [%s%s] %d/%d loss %.4f ETA %s",
                label, "=".repeat(filled), " ".repeat(WIDTH - filled), done, total, meanLoss, formatSeconds(eta));
    }

    static String formatSeconds(double seconds) {
        if (Double.isNaN(seconds)) {
            return "?";
        }
        long s = Math.round(seconds);
        return s >= 60 ? String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60) : s + "s";
    }
}
