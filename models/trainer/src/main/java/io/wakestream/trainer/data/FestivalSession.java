package io.wakestream.trainer.data;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A long-running {@code festival --pipe} process that evaluates Scheme expressions on demand. Starting Festival
 * takes over a second; synthesizing a short phrase in a running one takes a few tens of milliseconds.
 *
 * <p>Completion is detected by printing a numbered marker after the expressions. Festival's stdout is a C stdio
 * stream, fully buffered on a pipe, so the process must be started line-buffered ({@code stdbuf -oL}) or the
 * marker would never arrive. Not thread-safe: one caller at a time.
 */
final class FestivalSession implements Closeable {
    private static final String MARK = "WAKESTREAM-DONE-";
    private static final String EOF = "\u0000EOF";
    private static final int STDERR_KEEP = 4000;

    private final Process process;
    private final Writer stdin;
    private final BlockingQueue<String> stdout = new LinkedBlockingQueue<>();
    private final StringBuilder stderr = new StringBuilder();
    private int sequence;

    private FestivalSession(Process process) {
        this.process = process;
        this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        daemon("festival-stdout", () -> {
            try (BufferedReader r = reader(process)) {
                for (String line; (line = r.readLine()) != null; ) stdout.add(line);
            } catch (IOException ignored) {
                // the process died; the EOF marker below tells the waiting caller
            } finally {
                stdout.add(EOF);
            }
        });
        daemon("festival-stderr", () -> {
            try (Reader r = new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8)) {
                char[] buf = new char[1024];
                for (int n; (n = r.read(buf)) > 0; ) {
                    synchronized (stderr) {
                        stderr.append(buf, 0, n);
                        if (stderr.length() > 2 * STDERR_KEEP) stderr.delete(0, stderr.length() - STDERR_KEEP);
                    }
                }
            } catch (IOException ignored) {
                // nothing more to collect
            }
        });
    }

    /**
     * Starts a session and waits until Festival answers.
     *
     * @param command e.g. {@code [stdbuf, -oL, festival, --pipe]}
     */
    static FestivalSession start(List<String> command, Duration timeout) throws IOException {
        Process p = new ProcessBuilder(command).start();
        FestivalSession s = new FestivalSession(p);
        try {
            s.eval("", timeout);
        } catch (IOException e) {
            s.close();
            throw e;
        }
        return s;
    }

    /**
     * Evaluates {@code expressions} and waits for them to finish.
     *
     * @return what they printed on stdout
     * @throws IOException when Festival exits or does not finish within {@code timeout} (the session is then
     *     unusable: close it)
     */
    String eval(String expressions, Duration timeout) throws IOException {
        synchronized (stderr) {
            stderr.setLength(0);
        }
        String mark = MARK + (++sequence);
        stdin.write(expressions + "\n(print \"" + mark + "\")\n");
        stdin.flush();
        long deadline = System.nanoTime() + timeout.toNanos();
        StringBuilder out = new StringBuilder();
        try {
            while (true) {
                String line = stdout.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (line == null) throw new IOException("festival did not answer within " + timeout.toMillis() + " ms; stderr: " + ProcessRunner.tail(stderr()));
                if (line.equals(EOF)) throw new IOException("festival exited; stderr: " + ProcessRunner.tail(stderr()));
                if (line.contains(mark)) return out.toString();
                out.append(line).append('\n');
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for festival", e);
        }
    }

    /** What Festival wrote on stderr during the last {@link #eval} (so far). */
    String stderr() {
        synchronized (stderr) {
            return stderr.toString();
        }
    }

    boolean isAlive() {
        return process.isAlive();
    }

    @Override
    public void close() {
        try {
            stdin.close(); // Festival exits at the end of its input
        } catch (IOException ignored) {
            // already gone
        }
        try {
            if (!process.waitFor(2, TimeUnit.SECONDS)) process.destroyForcibly();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** A Scheme string literal. */
    static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replaceAll("[\\r\\n]+", " ") + "\"";
    }

    private static BufferedReader reader(Process p) {
        return new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    }

    private static void daemon(String name, Runnable r) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        t.start();
    }
}
