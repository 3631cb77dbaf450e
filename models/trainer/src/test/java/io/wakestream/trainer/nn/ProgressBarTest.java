package io.wakestream.trainer.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ProgressBarTest {

    @Test
    void terminalBarIsRedrawnInPlace() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ProgressBar bar = new ProgressBar(new PrintStream(bytes, true, StandardCharsets.UTF_8), true, "epoch 1/3", 4);
        for (int i = 1; i <= 4; i++) {
            bar.update(i, 0.5);
        }
        bar.finish("done");
        String text = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("\repoch 1/3 [" + "=".repeat(30) + "] 4/4 loss 0.5000 ETA 0s"), text);
        assertTrue(text.endsWith("done" + System.lineSeparator()), text);
    }

    @Test
    void withoutTerminalOnlyTheSummaryLineForShortEpochs() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ProgressBar bar = new ProgressBar(new PrintStream(bytes, true, StandardCharsets.UTF_8), false, "epoch 1/3", 4);
        for (int i = 1; i <= 4; i++) {
            bar.update(i, 0.5);
        }
        bar.finish("done");
        assertEquals("done" + System.lineSeparator(), bytes.toString(StandardCharsets.UTF_8));
    }

    @Test
    void rendersHalfwayWithEta() {
        ProgressBar bar = new ProgressBar(new PrintStream(new ByteArrayOutputStream()), false, "e", 10);
        String line = bar.render(5, 0.25, System.nanoTime());
        assertTrue(line.startsWith("e [" + "=".repeat(15) + " ".repeat(15) + "] 5/10 loss 0.2500 ETA "), line);
        assertEquals("1m05s", ProgressBar.formatSeconds(65));
    }
}
