package io.wakestream.agent;

import io.wakestream.engine.audio.WavReader;
import io.wakestream.engine.audio.WavStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * WAV files played one after another as one continuous stream, each converted to 16 kHz mono by the engine's
 * {@link WavReader} (any PCM/float WAV, 8 to 48 kHz, any channel count). Optionally loops forever.
 *
 * <p>Files are opened one at a time and streamed, so an hour-long file needs no more memory than a short one.
 */
public final class PlaylistSource implements AudioSource {
    private final List<Path> files;
    private final boolean loop;
    private int next;
    private int played;
    private WavStream current;
    private Path currentFile;

    /**
     * @param files the files, at least one
     * @param first index of the file to start with (simulated devices start at different files)
     * @param loop start again from the first file played after the last one
     */
    public PlaylistSource(List<Path> files, int first, boolean loop) {
        if (files.isEmpty()) throw new IllegalArgumentException("no files to play");
        this.files = List.copyOf(files);
        this.loop = loop;
        this.next = Math.floorMod(first, files.size());
    }

    /**
     * Opens each file's header and closes it again, so a missing or unreadable file is reported at start-up
     * rather than minutes later when its turn comes.
     */
    public static void check(List<Path> files) throws IOException {
        for (Path f : files) {
            try (WavStream s = WavReader.open(f)) {
                s.header();
            } catch (java.nio.file.NoSuchFileException e) {
                throw new java.nio.file.NoSuchFileException(f.toString(), null, "no such WAV file");
            }
        }
    }

    @Override
    public int read(short[] buf, int off, int len) throws IOException {
        if (len == 0) return 0;
        while (true) {
            if (current == null && !openNext()) return -1;
            int n = current.read(buf, off, len);
            if (n >= 0) return n;
            current.close();
            current = null;
        }
    }

    private boolean openNext() throws IOException {
        if (played == files.size()) {
            if (!loop) return false;
            played = 0;
        }
        currentFile = files.get(next);
        current = WavReader.open(currentFile);
        next = (next + 1) % files.size();
        played++;
        return true;
    }

    @Override
    public String description() {
        return currentFile != null ? currentFile.toString() : files.get(next).toString();
    }

    @Override
    public void close() throws IOException {
        if (current != null) current.close();
        current = null;
    }
}
