package io.wakestream.trainer.data;

import io.wakestream.engine.audio.PcmAudio;
import io.wakestream.engine.audio.WavReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The common part of the process-based engines: run the synthesizer into a temporary WAV and read it back. */
final class TtsProcess {
    private TtsProcess() {}

    /**
     * Runs {@code command} with {@code outputFlag <temp.wav>} inserted after the program name, then reads the WAV
     * at 16 kHz mono.
     *
     * @param stdin text for the program's standard input, or null
     * @param text the text being spoken (for error messages)
     * @param stderrFailure stderr text that means failure even with exit code 0 (flite falls back to its default
     *     voice when a voice cannot be loaded), or null
     */
    static PcmAudio synthesizeToWav(List<String> command, String outputFlag, String stdin, Duration timeout,
            String engine, TtsVoice voice, String text, String stderrFailure) throws TtsException {
        Path wav = null;
        String what = engine + " voice " + voice.voiceId() + (voice.variant().isEmpty() ? "" : "+" + voice.variant())
                + " saying '" + abbreviate(text) + "'";
        try {
            wav = Files.createTempFile("wakestream-tts-", ".wav");
            List<String> cmd = new ArrayList<>(command);
            cmd.add(1, wav.toString());
            cmd.add(1, outputFlag);
            ProcessRunner.Result r = ProcessRunner.run(cmd, stdin, timeout);
            if (!r.ok() || (stderrFailure != null && r.stderr().contains(stderrFailure))) {
                throw new TtsException(what + " failed with exit code " + r.exitCode() + ": "
                        + ProcessRunner.tail(r.stderr()));
            }
            if (Files.size(wav) <= 44) {
                throw new TtsException(what + " produced no audio; stderr: " + ProcessRunner.tail(r.stderr()));
            }
            PcmAudio audio = WavReader.read(wav);
            if (audio.samples().length == 0) throw new TtsException(what + " produced an empty WAV");
            return audio;
        } catch (TtsException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new TtsException(what + ": " + e.getMessage(), e);
        } finally {
            if (wav != null) {
                try {
                    Files.deleteIfExists(wav);
                } catch (IOException ignored) {
                    // A stray temp file is not worth failing a synthesis for.
                }
            }
        }
    }

    static String abbreviate(String s) {
        return s.length() <= 60 ? s : s.substring(0, 57) + "...";
    }
}
