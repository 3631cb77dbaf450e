package io.wakestream.trainer.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ProgressBarTest {
    @Test
    void terminalBarEndsWithTheSummaryInPlace() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ProgressBar bar = new ProgressBar("epoch 1/3", 4, new PrintStream(bytes, true, StandardCharsets.UTF_8), true);
        for (int i = 1; i <= 4; i++) bar.update(i, "loss 0.5000");
        bar.finish("done");
        String text = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(text.endsWith("\rdone" + System.lineSeparator()), text);
    }

    @Test
    void withoutTerminalShortWorkPrintsOnlyTheLastLine() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ProgressBar bar = new ProgressBar("features", 3, new PrintStream(bytes, true, StandardCharsets.UTF_8), false)) {
            bar.step();
            bar.step();
            bar.step();
        }
        String text = bytes.toString(StandardCharsets.UTF_8);
        assertEquals(1, text.lines().count(), text);
        assertTrue(text.startsWith("features [" + "=".repeat(30) + "] 3/3 in "), text);
    }

    @Test
    void rendersHalfwayWithStatus() {
        ProgressBar bar = new ProgressBar("e", 10, new PrintStream(new ByteArrayOutputStream()), false);
        bar.update(5, "loss 0.2500");
        String line = bar.render(System.nanoTime());
        assertTrue(line.startsWith("e [" + "=".repeat(15) + " ".repeat(15) + "] 5/10 ETA "), line);
        assertTrue(line.endsWith(" loss 0.2500"), line);
        assertEquals("1m05s", ProgressBar.duration(65));
        assertEquals("1h02m", ProgressBar.duration(3720));
    }
}
