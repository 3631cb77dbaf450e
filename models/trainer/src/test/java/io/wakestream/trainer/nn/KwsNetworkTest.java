package io.wakestream.trainer.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class KwsNetworkTest {

    @Test
    void djlParametersMatchTheAnalyticCount() {
        KwsNetworkConfig config = KwsNetworkConfig.defaults();
        try (KwsNetwork network = KwsNetwork.create(config, 1)) {
            assertEquals(config.parameterCount(), network.parameterCount());
            assertEquals(7, network.convUnits().size());
        }
    }

    @Test
    void predictsOneProbabilityPerWindowForOtherSizesToo() {
        KwsNetworkConfig config = new KwsNetworkConfig(49, 10, new int[] {8, 16, 24}, 0.1f);
        try (KwsNetwork network = KwsNetwork.create(config, 2)) {
            float[] p = network.predict(SyntheticData.windows(config, 5, 3));
            assertEquals(5, p.length);
            for (float v : p) {
                assertTrue(v >= 0f && v <= 1f, "probability " + v);
            }
            assertThrows(IllegalArgumentException.class, () -> network.predict(new float[][] {new float[7]}));
        }
    }
}
