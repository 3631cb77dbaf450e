package io.wakestream.agent;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.DataLine;
import javax.sound.sampled.Line;
import javax.sound.sampled.LineUnavailableException;
import javax.sound.sampled.Mixer;
import javax.sound.sampled.TargetDataLine;

/**
 * The default microphone through {@code javax.sound.sampled}. Asks for 16 kHz mono 16-bit first, which needs no
 * conversion; a line that cannot do that (many USB and HDA devices only offer 44.1/48 kHz stereo) is opened
 * at a 16-bit format it does offer, and {@link PcmConverter} downmixes and resamples.
 *
 * <p>The line gets half a second of buffer, so a garbage-collection pause or a slow broker does not make the
 * sound card overrun; the agent's {@link ChunkBuffer} does the long-term buffering.
 */
public final class MicrophoneSource implements AudioSource {
    private static final AudioFormat WANTED = new AudioFormat(SAMPLE_RATE, 16, 1, true, false);
    /** Rates tried, in order, when a line reports "any rate": multiples of 16 kHz first (cheaper to resample). */
    private static final float[] FALLBACK_RATES = {48_000f, 32_000f, 44_100f, 22_050f, 8_000f};
    private static final int LINE_BUFFER_MS = 500;
    private static final int READ_MS = 10;

    private final TargetDataLine line;
    private final AudioFormat format;
    private final PcmConverter converter;
    private final byte[] block;
    private short[] ready = new short[0];
    private int readyPos;

    private MicrophoneSource(TargetDataLine line, AudioFormat format) {
        this.line = line;
        this.format = format;
        this.converter = new PcmConverter((int) format.getSampleRate(), format.getChannels(), format.isBigEndian());
        int frames = Math.max(1, (int) (format.getSampleRate() * READ_MS / 1000));
        this.block = new byte[frames * format.getFrameSize()];
    }

    /**
     * Opens and starts the default capture line.
     *
     * @throws IOException naming what was tried when no microphone can be opened
     */
    public static MicrophoneSource open() throws IOException {
        List<String> tried = new ArrayList<>();
        for (AudioFormat f : candidates()) {
            DataLine.Info info = new DataLine.Info(TargetDataLine.class, f);
            try {
                if (!AudioSystem.isLineSupported(info)) {
                    tried.add(f + ": not supported");
                    continue;
                }
                TargetDataLine line = (TargetDataLine) AudioSystem.getLine(info);
                int bytesPerSecond = (int) f.getSampleRate() * f.getFrameSize();
                line.open(f, bytesPerSecond * LINE_BUFFER_MS / 1000);
                line.start();
                return new MicrophoneSource(line, f);
            } catch (LineUnavailableException | IllegalArgumentException | SecurityException e) {
                tried.add(f + ": " + e.getMessage());
            }
        }
        throw new IOException("no microphone could be opened (" + mixerCount() + " audio mixers found); tried "
                + (tried.isEmpty() ? "nothing: no capture line offers 16-bit PCM" : String.join("; ", tried)));
    }

    /** 16 kHz mono first, then every 16-bit signed format the capture lines offer. */
    private static List<AudioFormat> candidates() {
        List<AudioFormat> out = new ArrayList<>();
        out.add(WANTED);
        for (Mixer.Info mi : AudioSystem.getMixerInfo()) {
            Mixer mixer = AudioSystem.getMixer(mi);
            for (Line.Info li : mixer.getTargetLineInfo()) {
                if (!(li instanceof DataLine.Info)) continue;
                for (AudioFormat f : ((DataLine.Info) li).getFormats()) {
                    if (!AudioFormat.Encoding.PCM_SIGNED.equals(f.getEncoding()) || f.getSampleSizeInBits() != 16) {
                        continue;
                    }
                    int channels = f.getChannels() == AudioSystem.NOT_SPECIFIED ? 1 : f.getChannels();
                    if (f.getSampleRate() == AudioSystem.NOT_SPECIFIED) {
                        for (float rate : FALLBACK_RATES) {
                            add(out, new AudioFormat(rate, 16, channels, true, f.isBigEndian()));
                        }
                    } else {
                        add(out, new AudioFormat(f.getSampleRate(), 16, channels, true, f.isBigEndian()));
                    }
                }
            }
        }
        return out;
    }

    private static void add(List<AudioFormat> out, AudioFormat f) {
        for (AudioFormat o : out) {
            if (o.matches(f)) return;
        }
        out.add(f);
    }

    private static int mixerCount() {
        return AudioSystem.getMixerInfo().length;
    }

    @Override
    public int read(short[] buf, int off, int len) throws IOException {
        if (len == 0) return 0;
        while (readyPos == ready.length) {
            // Blocks until READ_MS of audio has been captured.
            int n = line.read(block, 0, block.length);
            if (n <= 0 && !line.isOpen()) return -1;
            ready = converter.convert(block, 0, Math.max(0, n));
            readyPos = 0;
        }
        int n = Math.min(len, ready.length - readyPos);
        System.arraycopy(ready, readyPos, buf, off, n);
        readyPos += n;
        return n;
    }

    @Override
    public String description() {
        return "microphone (" + format + (format.matches(WANTED) ? "" : ", converted to 16 kHz mono") + ")";
    }

    @Override
    public boolean live() {
        return true;
    }

    @Override
    public void close() {
        line.stop();
        line.close();
    }
}
