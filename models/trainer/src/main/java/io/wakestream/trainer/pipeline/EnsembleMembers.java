package io.wakestream.trainer.pipeline;

import io.wakestream.engine.features.MfccConfig;
import io.wakestream.engine.model.ModelLoadException;
import io.wakestream.engine.model.ModelManifest;
import io.wakestream.engine.model.WakeWordModel;
import io.wakestream.trainer.dataset.WindowSet;
import io.wakestream.trainer.nn.KwsNetwork;
import io.wakestream.trainer.nn.OnnxEnsemble;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The models a run's network is averaged with ({@code train --ensemble-with DIR}): checked before any work, checked
 * again against the run's feature configuration once it is known, and merged with the run's export into one model.
 */
final class EnsembleMembers {
    private EnsembleMembers() {}

    /** A member: its folder and manifest. */
    record Member(Path dir, ModelManifest manifest) {
        /** The manifest's model name. */
        String name() {
            return manifest.name();
        }
    }

    /**
     * Reads the members' manifests and refuses, naming the folder, one that is not an MFCC model of this phrase giving a
     * probability over this window (before a long training run is spent on a model that cannot be averaged with it).
     */
    static List<Member> read(List<Path> dirs, String phrase, int windowFrames) {
        List<Member> out = new ArrayList<>();
        for (Path dir : dirs) {
            ModelManifest m;
            try {
                m = ModelManifest.read(dir);
            } catch (ModelLoadException e) {
                throw new IllegalArgumentException("--ensemble-with " + dir + ": " + e.getMessage(), e);
            }
            if (!Files.isRegularFile(dir.resolve(WakeWordModel.ONNX_FILE))) {
                throw new IllegalArgumentException("--ensemble-with " + dir + ": no " + WakeWordModel.ONNX_FILE + " there");
            }
            if (!ModelManifest.MFCC_FRONTEND.equals(m.frontend())) {
                throw new IllegalArgumentException("--ensemble-with " + dir + ": its frontend is " + m.frontend() + ", not mfcc");
            }
            if (!m.wakePhrase().equalsIgnoreCase(phrase)) {
                throw new IllegalArgumentException("--ensemble-with " + dir + ": it listens for \"" + m.wakePhrase()
                        + "\", not \"" + phrase + "\"");
            }
            if (m.output().meaning() != ModelManifest.OutputMeaning.PROBABILITY) {
                throw new IllegalArgumentException("--ensemble-with " + dir + ": its output is a " + m.output().meaning()
                        + ", not a probability as this run's network gives");
            }
            if (m.windowFrames() != windowFrames) {
                throw new IllegalArgumentException("--ensemble-with " + dir + ": it sees " + m.windowFrames()
                        + " frames, this run's network " + windowFrames);
            }
            out.add(new Member(dir, m));
        }
        return out;
    }

    /**
     * Refuses members whose features differ from the run's (the normalisation is measured on the training windows,
     * so members must come from the same corpus: the same clip options and seed).
     */
    static void requireFeatures(List<Member> members, MfccConfig features) {
        for (Member m : members) {
            if (!features.equals(m.manifest().features())) {
                String what = features.withNormalization(null).equals(m.manifest().features().withNormalization(null))
                        ? "its feature normalisation (measured on its training windows)" : "its feature configuration";
                throw new IllegalArgumentException("--ensemble-with " + m.dir() + ": " + what + " differs from this run's;"
                        + " a member must be trained on the same corpus, with the same clip options and --seed");
            }
        }
    }

    /** The files an ensemble of the run's network and {@code members} other models keeps beside its model.onnx. */
    static List<String> files(int members) {
        List<String> names = new ArrayList<>();
        for (int k = 1; k <= members + 1; k++) names.add("member-" + k + ".onnx");
        return names;
    }

    /** The manifest's ensemble section for a run averaged with {@code members}, or null for a run without. */
    static ModelManifest.EnsembleSpec spec(List<Member> members) {
        return members.isEmpty() ? null : new ModelManifest.EnsembleSpec(files(members.size()));
    }

    /**
     * Replaces the run's exported model in {@code out} by the mean of it and the members, and proves the merge: on
     * {@code n} validation windows the new file's scores must be the mean of the trained network's (DJL) and the
     * members' own files' scores.
     *
     * @return the largest absolute difference
     */
    static double merge(List<Member> members, Path out, KwsNetwork network, WindowSet validation, int n) throws IOException {
        // The networks stay beside their mean (the manifest's ensemble section): the engine runs the later ones only
        // where a detection can come of it.
        List<String> names = files(members.size());
        List<Path> files = new ArrayList<>();
        for (int k = 0; k < names.size(); k++) {
            Path from = k == 0 ? out.resolve(WakeWordModel.ONNX_FILE) : members.get(k - 1).dir().resolve(WakeWordModel.ONNX_FILE);
            files.add(Files.copy(from, out.resolve(names.get(k)), StandardCopyOption.REPLACE_EXISTING));
        }
        OnnxEnsemble.write(files, out);
        float[][] windows = ExportParity.first(validation, n);
        int count = windows.length;
        float[] expected = network.predict(windows);
        for (Member m : members) {
            try (WakeWordModel member = WakeWordModel.loadFresh(m.dir())) {
                float[] s = ExportParity.scores(member, windows);
                for (int i = 0; i < count; i++) expected[i] += s[i];
            }
        }
        float[] merged;
        try (WakeWordModel model = WakeWordModel.loadFresh(out)) {
            merged = ExportParity.scores(model, windows);
        }
        double max = 0;
        for (int i = 0; i < count; i++) max = Math.max(max, Math.abs(expected[i] / (members.size() + 1) - merged[i]));
        return max;
    }
}
