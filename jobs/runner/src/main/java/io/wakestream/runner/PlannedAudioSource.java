package io.wakestream.runner;

import io.wakestream.agent.AudioSource;

/** Plays a {@link DeviceAudioPlan} to a capture agent, as a file would (paced by the agent, not live). */
final class PlannedAudioSource implements AudioSource {
    private final DeviceAudioPlan plan;
    private final String description;
    private int piece;
    private int at; // next sample within the current piece

    PlannedAudioSource(DeviceAudioPlan plan, String description) {
        this.plan = plan;
        this.description = description;
    }

    @Override
    public int read(short[] buf, int off, int len) {
        if (len == 0) return 0;
        int n = 0;
        while (n < len && piece < plan.pieces().size()) {
            DeviceAudioPlan.Piece p = plan.pieces().get(piece);
            int from = p.from() + at;
            int k = Math.min(len - n, p.to() - from);
            System.arraycopy(p.pcm(), from, buf, off + n, k);
            n += k;
            at += k;
            if (p.from() + at >= p.to()) {
                piece++;
                at = 0;
            }
        }
        return n == 0 ? -1 : n;
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public void close() {}
}
