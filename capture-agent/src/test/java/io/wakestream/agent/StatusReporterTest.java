package io.wakestream.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatusReporterTest {
    private long seq;

    private void overflow(ChunkBuffer b) {
        b.offer(new PendingChunk(seq++, 100_000, new byte[1]));
    }

    @Test
    void dropsAreReportedAtOnceThenAtMostOncePerPeriod() {
        AudioSource s = new RawPcmSource(new ByteArrayInputStream(new byte[0]), "x");
        DeviceId id = DeviceId.of("d");
        DeviceStream d = new DeviceStream(id, s, Chunker.paced(s, id, "s", 100, () -> 0L), new ChunkBuffer(100));
        overflow(d.buffer); // fills the buffer: nothing dropped yet
        StatusReporter r = new StatusReporter(List.of(d), new ConnectionMonitor("h:1", "t", 100, 5000, () -> 0L), 10);

        assertTrue(r.tick().isEmpty()); // 1: nothing to report
        overflow(d.buffer);
        assertEquals(new Drops(1, 100_000, 0, 0), r.tick()); // 2: the first drop is reported at once
        for (int t = 3; t <= 11; t++) {
            overflow(d.buffer);
            assertTrue(r.tick().isEmpty(), "tick " + t); // still dropping: summed up for the next report
        }
        overflow(d.buffer);
        // 12: a period after the last report, everything since in one line.
        assertEquals(new Drops(10, 1_000_000, 1, 10), r.tick());
        assertTrue(r.tick().isEmpty(), "nothing new");
        assertEquals(11, d.buffer.totalDrops().chunks());
    }
}
