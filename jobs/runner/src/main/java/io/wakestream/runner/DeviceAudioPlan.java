package io.wakestream.runner;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * What one simulated device says during a bench run, and where in its audio the wake phrases are.
 *
 * <p>A device starts with room tone of random length (up to one wake interval, so devices are not in step), then
 * repeats: a wake clip (kitchen or hallway, at random), then filler (the office speech, which has no wake phrase, and
 * room tone) for a random 0.5-1.5 times the rest of the wake interval. A wake clip is planted only when it fits
 * whole, command and trailing silence included, at least a second before the end of the audio, so every planted
 * phrase can be detected and its command closed before the device stops.
 *
 * <p>The audio is a list of pieces of the shared clips (no copy per device: a thousand one-minute devices would
 * otherwise hold 2 GB).
 *
 * @param pieces the audio, in order
 * @param planted the wake phrases in it, in order, on the device's audio timeline
 * @param durationMs total length
 */
record DeviceAudioPlan(List<Piece> pieces, List<PlantedPhrase> planted, long durationMs) {
    /** No planted phrase may end closer than this to the end of the audio. */
    static final long END_MARGIN_MS = 1_000;

    /** Samples {@code from} (inclusive) to {@code to} (exclusive) of a shared array. */
    record Piece(short[] pcm, int from, int to) {}

    /**
     * A wake phrase in a device's audio, in ms from the device's first sample (which is also the pipeline's stream
     * timeline: {@code audioStartMs}/{@code audioEndMs} of the events).
     */
    record PlantedPhrase(String clip, long phraseStartMs, long phraseEndMs, long commandEndMs) {}

    DeviceAudioPlan {
        pieces = List.copyOf(pieces);
        planted = List.copyOf(planted);
    }

    /** The whole audio in one array (for saving it; the agents read the pieces). */
    short[] render() {
        short[] out = new short[pieces.stream().mapToInt(p -> p.to() - p.from()).sum()];
        int at = 0;
        for (Piece p : pieces) {
            System.arraycopy(p.pcm(), p.from(), out, at, p.to() - p.from());
            at += p.to() - p.from();
        }
        return out;
    }

    static DeviceAudioPlan generate(BenchClips clips, long durationMs, long wakeEveryMs, RandomGenerator random) {
        Builder b = new Builder(clips, durationMs * BenchClips.SAMPLES_PER_MS);
        b.roomTone((long) (random.nextDouble() * wakeEveryMs) * BenchClips.SAMPLES_PER_MS);
        while (!b.full()) {
            BenchClips.Clip clip = clips.wakeClips().get(random.nextInt(clips.wakeClips().size()));
            long clipEndMs = b.positionMs() + clip.durationMs();
            if (clipEndMs > durationMs - END_MARGIN_MS) break;
            b.plant(clip);
            long rest = Math.max(0, wakeEveryMs - clip.durationMs());
            b.filler((long) (rest * (0.5 + random.nextDouble())) * BenchClips.SAMPLES_PER_MS, random);
        }
        b.filler(Long.MAX_VALUE, random);
        return new DeviceAudioPlan(b.pieces, b.planted, durationMs);
    }

    private static final class Builder {
        private final BenchClips clips;
        private final long totalSamples;
        private final List<Piece> pieces = new ArrayList<>();
        private final List<PlantedPhrase> planted = new ArrayList<>();
        private long position; // samples
        private int roomToneAt; // where in the room tone the next piece continues, so it loops seamlessly

        Builder(BenchClips clips, long totalSamples) {
            this.clips = clips;
            this.totalSamples = totalSamples;
        }

        boolean full() {
            return position >= totalSamples;
        }

        long positionMs() {
            return position / BenchClips.SAMPLES_PER_MS;
        }

        void plant(BenchClips.Clip clip) {
            long at = positionMs();
            planted.add(new PlantedPhrase(clip.name(), at + clip.wake().startMs(), at + clip.wake().endMs(),
                    at + clip.commandEndMs()));
            add(clip.pcm(), 0, clip.pcm().length);
        }

        /** Up to {@code samples} of filler (never past the end): office speech when it fits and a coin says so. */
        void filler(long samples, RandomGenerator random) {
            long end = Math.min(totalSamples, position + Math.min(samples, totalSamples));
            short[] office = clips.speechClip().pcm();
            while (position < end) {
                if (end - position >= office.length && random.nextBoolean()) add(office, 0, office.length);
                else roomTone(Math.min(end - position, clips.roomTone().length));
            }
        }

        void roomTone(long samples) {
            short[] room = clips.roomTone();
            long left = Math.min(samples, totalSamples - position);
            while (left > 0) {
                int n = (int) Math.min(left, room.length - roomToneAt);
                add(room, roomToneAt, roomToneAt + n);
                roomToneAt = (roomToneAt + n) % room.length;
                left -= n;
            }
        }

        private void add(short[] pcm, int from, int to) {
            int n = (int) Math.min(to - from, totalSamples - position);
            if (n <= 0) return;
            pieces.add(new Piece(pcm, from, from + n));
            position += n;
        }
    }
}
