package io.wakestream.agent;

/**
 * What a run of the agent did, summed over its devices.
 *
 * @param captured chunks captured and buffered
 * @param capturedMs audio captured, milliseconds
 * @param acknowledged chunks Kafka acknowledged
 * @param dropped chunks the buffers dropped because they were full (Kafka unreachable too long)
 * @param failed chunks Kafka refused for good
 * @param undelivered chunks still buffered or in flight when the agent stopped: lost
 * @param fatalError what stopped the agent early (Kafka refusing it, an unreadable source), or null
 */
public record AgentResult(long captured, long capturedMs, long acknowledged, Drops dropped, long failed,
        long undelivered, Exception fatalError) {
    /** Exit status: 0 when everything captured was delivered or deliberately dropped, else 1. */
    public int exitCode() {
        return fatalError == null && undelivered == 0 && failed == 0 ? 0 : 1;
    }
}
