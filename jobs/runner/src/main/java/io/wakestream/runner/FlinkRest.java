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

/**
 * What the bench asks the mini cluster's REST API (on 127.0.0.1): whether every task runs, the latest completed
 * checkpoint's size, and operator metrics summed over subtasks.
 */
final class FlinkRest {
    private static final ObjectMapper JSON = new ObjectMapper();
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

    private JsonNode get(String url) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) throw new IOException("Flink REST " + url + ": HTTP " + r.statusCode() + " " + r.body());
        return JSON.readTree(r.body());
    }
}
