package io.wakestream.pipeline.transcribe;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VoskModelsTest {
    @Test
    void aMissingFolderIsNamed(@TempDir Path tmp) {
        Path missing = tmp.resolve("no-such-model");
        VoskModelException e = assertThrows(VoskModelException.class, () -> VoskModels.get(missing));
        assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
    }

    @Test
    void aFileIsNotAModelFolder(@TempDir Path tmp) throws Exception {
        Path file = Files.writeString(tmp.resolve("model.zip"), "x");
        VoskModelException e = assertThrows(VoskModelException.class, () -> VoskModels.get(file));
        assertTrue(e.getMessage().startsWith(file.toString()) && e.getMessage().contains("not a folder"), e.getMessage());
    }

    @Test
    void anEmptyFolderListsEverythingMissing(@TempDir Path tmp) {
        VoskModelException e = assertThrows(VoskModelException.class, () -> VoskModels.get(tmp));
        for (String f : List.of("am/final.mdl", "conf/model.conf", "conf/mfcc.conf", "graph/HCLG.fst")) {
            assertTrue(e.getMessage().contains(f), "names " + f + ": " + e.getMessage());
        }
        assertTrue(e.getMessage().contains(tmp.toString()), e.getMessage());
    }

    @Test
    void aFolderMissingOneFileNamesOnlyThatFile(@TempDir Path tmp) throws Exception {
        Path real = Speech.voskModelDir();
        // The real model's files, linked, without am/final.mdl.
        for (String f : List.of("conf/model.conf", "conf/mfcc.conf", "graph/HCLr.fst", "graph/Gr.fst")) {
            Files.createDirectories(tmp.resolve(f).getParent());
            Files.createSymbolicLink(tmp.resolve(f), real.resolve(f));
        }
        VoskModelException e = assertThrows(VoskModelException.class, () -> VoskModels.get(tmp));
        assertTrue(e.getMessage().contains("missing am/final.mdl "), e.getMessage());
        assertFalse(e.getMessage().contains("conf/"), e.getMessage());
        assertFalse(e.getMessage().contains("graph/"), e.getMessage());
    }

    @Test
    void aDamagedModelFileFailsWithVosksRefusalNotACrash(@TempDir Path tmp) throws Exception {
        Path real = Speech.voskModelDir().toRealPath(); // the folder may be a symbolic link, which Files.walk would not enter
        try (var files = Files.walk(real)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                Path rel = real.relativize(f);
                Files.createDirectories(tmp.resolve(rel).getParent());
                if (rel.toString().equals("am/final.mdl")) {
                    Files.write(tmp.resolve(rel), new byte[] {0, 'B', 'T', 'M', 'X', 1, 2, 3});
                } else {
                    Files.createSymbolicLink(tmp.resolve(rel), f);
                }
            }
        }
        VoskModelException e = assertThrows(VoskModelException.class, () -> VoskModels.get(tmp));
        assertTrue(e.getMessage().startsWith(tmp.toString()) && e.getMessage().contains("Vosk cannot load the model"), e.getMessage());
    }

    @Test
    void oneModelPerFolderWhateverTheSpelling() throws Exception {
        Path dir = Speech.voskModelDir();
        Path other = dir.resolve("../" + dir.getFileName()).resolve(".");
        assertSame(VoskModels.get(dir), VoskModels.get(other));
    }
}
