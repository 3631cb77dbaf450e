package io.wakestream.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayDeque;
import java.util.Deque;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;

/**
 * The bench and soak read metrics from the mini cluster's REST API on a port found free beforehand; another process
 * can take that port first. The start then moves to another port instead of failing the run.
 */
class RestPortTest {
    @Test
    void aBindExceptionAnywhereInTheCausesIsAPortClash() {
        Exception nested = new RuntimeException("Could not create the DispatcherResourceManagerComponent",
                new IllegalStateException("wrapped", new BindException("Address already in use")));
        assertTrue(LocalPipeline.portTaken(nested));
        assertFalse(LocalPipeline.portTaken(new RuntimeException("no model", new IOException("missing"))));
    }

    @Test
    void aPortTakenBeforeTheMiniClusterBindsItIsReplacedByAnother() throws Exception {
        LocalPipeline.Settings settings = new LocalPipeline.Settings(ProjectFiles.model(), ProjectFiles.voskModel(), 1, 0);
        try (ServerSocket squatter = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                LocalPipeline local = LocalPipeline.start(1)) {
            Deque<Integer> candidates = new ArrayDeque<>();
            candidates.add(squatter.getLocalPort());
            LocalPipeline.PortSource ports = () -> candidates.isEmpty() ? LocalPipeline.freeLoopbackPort() : candidates.poll();
            LocalPipeline.RestJob started = local.startJobWithRest(settings, false, new Configuration(),
                    settings.pipelineConfig(), ports);
            try {
                assertNotEquals(squatter.getLocalPort(), started.restPort(), "the taken port was not used");
                FlinkRest rest = new FlinkRest(started.restPort(), started.job().getJobID().toString());
                rest.awaitRunning(started.job(), 120_000, m -> {});
                int[] tasks = rest.runningTasks();
                assertTrue(tasks[1] > 0 && tasks[0] == tasks[1], "the REST API on the new port reports the running job: " + tasks[0] + "/" + tasks[1]);
            } finally {
                started.job().cancel().get();
            }
        }
    }
}
