package io.wakestream.trainer.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class KwsNetworkConfigTest {

    @Test
    void defaultGeometryFollowsTheDsCnnRecipe() {
        KwsNetworkConfig config = KwsNetworkConfig.defaults();
        List<ConvLayerSpec> layers = config.convLayers();
        assertEquals(7, layers.size());
        ConvLayerSpec stem = layers.get(0);
        assertEquals(50, stem.outH()); // stride 2 in time
        assertEquals(13, stem.outW()); // stride 1 in coefficients
        ConvLayerSpec dw1 = layers.get(1);
        assertTrue(dw1.depthwise());
        assertEquals(16, dw1.groups());
        assertEquals(25, dw1.outH());
        assertEquals(7, dw1.outW());
        ConvLayerSpec last = layers.get(6);
        assertEquals(48, last.outChannels());
        assertEquals(13, last.outH());
        assertEquals(4, last.outW());
        assertEquals(48 * 13 * 4, config.flattenedSize());
    }

    @Test
    void computeAndSizeStayWithinBudget() {
        KwsNetworkConfig config = KwsNetworkConfig.defaults();
        // hand count: 93600 + 25200 + 89600 + 14976 + 79872 + 22464 + 119808 + 2496
        assertEquals(448_016, config.multiplyAdds());
        assertTrue(config.multiplyAdds() < 600_000);
        assertTrue(config.parameterCount() * Float.BYTES < 5_000_000);
    }

    @Test
    void channelsAreCopiedAndComparedByValue() {
        int[] channels = {8, 16};
        KwsNetworkConfig a = new KwsNetworkConfig(40, 13, channels, 0f);
        channels[0] = 99;
        assertArrayEquals(new int[] {8, 16}, a.channels());
        assertEquals(a, new KwsNetworkConfig(40, 13, new int[] {8, 16}, 0f));
        assertEquals(a.hashCode(), new KwsNetworkConfig(40, 13, new int[] {8, 16}, 0f).hashCode());
        assertNotEquals(a, a.withFrames(41));
    }

    @Test
    void rejectsNonsense() {
        assertThrows(IllegalArgumentException.class, () -> new KwsNetworkConfig(0, 13, new int[] {8, 8}, 0f));
        assertThrows(IllegalArgumentException.class, () -> new KwsNetworkConfig(10, 13, new int[] {8}, 0f));
        assertThrows(IllegalArgumentException.class, () -> new KwsNetworkConfig(10, 13, new int[] {8, 8}, 1f));
    }
}
