package io.wakestream.trainer.data;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Builds the default-size corpus (about 300 positives and 1500 negatives) and prints the time taken. Not part of
 * the normal test run: enable with {@code -Dwakestream.corpusBenchmark=/some/cache/dir}; add
 * {@code -Dwakestream.corpusExport=/some/dir} to write the clips and a manifest there for listening.
 */
class CorpusBuildBenchmarkTest {
    @Test
    void buildDefaultCorpus() throws Exception {
        String dir = System.getProperty("wakestream.corpusBenchmark");
        assumeTrue(dir != null && !dir.isBlank(), "set -Dwakestream.corpusBenchmark=<cache dir> to run");
        Path cache = Path.of(dir);
        SyntheticCorpusBuilder builder = SyntheticCorpusBuilder.standard(cache);
        ClipCorpus corpus = builder.build(CorpusSpec.defaults("jarvis", cache));
        System.out.println("BENCHMARK " + corpus.summary() + " " + builder.lastReport());
        String export = System.getProperty("wakestream.corpusExport");
        if (export != null && !export.isBlank()) corpus.writeTo(Path.of(export));
    }
}
