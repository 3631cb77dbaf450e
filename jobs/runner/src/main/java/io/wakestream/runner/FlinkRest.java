package io.wakestream.runner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import org.apache.flink.core.execution.JobClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the bench and the soak ask the mini cluster's REST API (on 127.0.0.1): whether every task runs, the latest completed
 * checkpoint's size, and operator metrics summed over subtasks.
 */
final class FlinkRest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Logger LOG = LoggerFactory.getLogger(FlinkRest.class);
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final String jobUrl;

    /** The latest completed checkpoint: its full state size and how many have completed. */
    record Checkpoint(long completed, long stateSizeBytes, long durationMs) {}

    FlinkRest(int port, String jobId) {
        this.jobUrl = "http://127.0.0.1:" + port + "/jobs/" + jobId;
    }

    /** Tasks running and tasks in all, over every vertex; {0, 0} while the job is not known yet. */
    int[] runningTasks() throws IOException, InterruptedException {
        JsonNode job = get(jobUrl);
        int running = 0, all = 0;
        for (JsonNode v : job.path("vertices")) {
            all += v.path("parallelism").asInt();
            running += v.path("tasks").path("RUNNING").asInt();
        }
        return new int[] {running, all};
    }

    /**
     * Waits until every task of the job runs (the wake-word and Vosk models are loaded by then), saying so once a
     * second; fails if the job ends or {@code timeoutMs} passes first.
     */
    void awaitRunning(JobClient job, long timeoutMs, Consumer<String> say) throws Exception {
        long start = System.nanoTime(), lastSaid = 0;
        while (true) {
            int[] tasks = {0, 0};
            try {
                tasks = runningTasks();
            } catch (IOException e) {
                LOG.debug("REST not up yet: {}", e.getMessage());
            }
            long ms = (System.nanoTime() - start) / 1_000_000;
            if (tasks[1] > 0 && tasks[0] == tasks[1]) {
                say.accept(String.format(Locale.ROOT, "all %d tasks running after %.1f s (models loaded)", tasks[1], ms / 1000.0));
                return;
            }
            if (job.getJobStatus().get().isGloballyTerminalState()) throw new IllegalStateException("the job ended: " + job.getJobStatus().get());
            if (ms > timeoutMs) throw new IllegalStateException("the job's tasks were not all running after "
                    + timeoutMs / 1000 + " s (" + tasks[0] + " of " + tasks[1] + ")");
            if (ms - lastSaid >= 1000) {
                lastSaid = ms;
                say.accept(String.format(Locale.ROOT, "waiting for the job's tasks: %d of %d running (%.0f s)", tasks[0], tasks[1], ms / 1000.0));
            }
            Thread.sleep(200);
        }
    }

    /** The latest completed checkpoint, or null before the first. */
    Checkpoint latestCheckpoint() throws IOException, InterruptedException {
        JsonNode c = get(jobUrl + "/checkpoints");
        JsonNode latest = c.path("latest").path("completed");
        if (latest.isMissingNode() || latest.isNull()) return null;
        return new Checkpoint(c.path("counts").path("completed").asLong(), latest.path("state_size").asLong(),
                latest.path("end_to_end_duration").asLong());
    }

    /** The sum over all vertices and subtasks of the metrics whose id ends in "." + name (NaN if none). */
    double sumMetric(String name) throws IOException, InterruptedException {
        double sum = 0;
        boolean any = false;
        for (JsonNode v : get(jobUrl).path("vertices")) {
            String base = jobUrl + "/vertices/" + v.path("id").asText() + "/metrics";
            List<String> ids = new ArrayList<>();
            for (JsonNode m : get(base)) {
                String id = m.path("id").asText();
                if (id.endsWith("." + name)) ids.add(id);
            }
            if (ids.isEmpty()) continue;
            for (JsonNode m : get(base + "?get=" + URLEncoder.encode(String.join(",", ids), StandardCharsets.UTF_8))) {
                try {
                    sum += Double.parseDouble(m.path("value").asText());
                    any = true;
                } catch (NumberFormatException e) {
                    // a gauge without a value yet
                }
            }
        }
        return any ? sum : Double.NaN;
    }

    /** A job-level metric (e.g. {@code numRestarts}), or NaN while it has no value. */
    double jobMetric(String name) throws IOException, InterruptedException {
        for (JsonNode m : get(jobUrl + "/metrics?get=" + URLEncoder.encode(name, StandardCharsets.UTF_8))) {
            try {
                if (m.path("id").asText().equals(name)) return Double.parseDouble(m.path("value").asText());
            } catch (NumberFormatException e) {
                // no value yet
            }
        }
        return Double.NaN;
    }

    private JsonNode get(String url) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) throw new IOException("Flink REST " + url + ": HTTP " + r.statusCode() + " " + r.body());
        return JSON.readTree(r.body());
    }
}
