package io.wakestream.trainer.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Runs an external program with a time-out, feeding stdin and capturing stdout and stderr.
 *
 * <p>Both output streams are drained concurrently: a program that fills its stderr pipe while we wait on stdout
 * would otherwise dead-lock.
 */
final class ProcessRunner {
    /** What a finished process produced. */
    record Result(int exitCode, String stdout, String stderr) {
        boolean ok() {
            return exitCode == 0;
        }
    }

    private static final ExecutorService DRAINERS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "process-output-drainer");
        t.setDaemon(true);
        return t;
    });

    private ProcessRunner() {}

    /**
     * Runs {@code command}.
     *
     * @param stdin text written to the program's standard input (then closed), or null for none
     * @throws IOException if the program cannot be started, or does not finish within {@code timeout} (it is then
     *     killed)
     */
    static Result run(List<String> command, String stdin, Duration timeout) throws IOException {
        Process p;
        try {
            p = new ProcessBuilder(command).start();
        } catch (IOException e) {
            throw new IOException("cannot start " + command.get(0) + ": " + e.getMessage(), e);
        }
        CompletableFuture<String> out = drain(p.getInputStream());
        CompletableFuture<String> err = drain(p.getErrorStream());
        try (OutputStream in = p.getOutputStream()) {
            if (stdin != null) in.write(stdin.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            // The program may exit before reading its input (e.g. on a bad option); its stderr says why.
        }
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new IOException(command.get(0) + " timed out after " + timeout.toMillis() + " ms; stderr: "
                        + tail(err.getNow("")));
            }
            return new Result(p.exitValue(), out.get(10, TimeUnit.SECONDS), err.get(10, TimeUnit.SECONDS));
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running " + command.get(0), e);
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IOException("cannot read output of " + command.get(0) + ": " + e.getMessage(), e);
        }
    }

    /** The last few hundred characters of an error output, single-lined, for exception messages. */
    static String tail(String s) {
        String t = s.strip().replaceAll("\\s*\\R\\s*", " | ");
        return t.length() <= 400 ? t : "..." + t.substring(t.length() - 400);
    }

    private static CompletableFuture<String> drain(InputStream s) {
        return CompletableFuture.supplyAsync(() -> {
            try (InputStream in = s) {
                ByteArrayOutputStream buf = new ByteArrayOutputStream();
                in.transferTo(buf);
                return buf.toString(StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, DRAINERS);
    }
}
