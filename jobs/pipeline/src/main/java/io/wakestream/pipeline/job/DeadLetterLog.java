package io.wakestream.pipeline.job;

import io.wakestream.schemas.DeadLetter;
import java.io.Serializable;
import org.slf4j.Logger;

/**
 * Logs dead letters without flooding the log when a producer sends garbage at full rate: the first
 * {@value #FIRST} of a subtask each get a line, then every {@value #EVERY}th with the running count. The
 * dead-letter topic has them all.
 */
final class DeadLetterLog implements Serializable {
    private static final long serialVersionUID = 1L;
    static final int FIRST = 10;
    static final int EVERY = 1000;

    private final String where;
    private long count;

    DeadLetterLog(String where) {
        this.where = where;
    }

    void log(Logger log, DeadLetter letter) {
        count++;
        if (count <= FIRST || count % EVERY == 0) {
            log.warn("{}: dead letter #{} of this subtask (device {}, topic {} partition {} offset {}): {}", where, count,
                    letter.getDeviceId() == null ? "unknown" : DeviceIds.quote(letter.getDeviceId()),
                    letter.getTopic(), letter.getPartition(), letter.getOffset(), letter.getReason());
        }
    }
}
