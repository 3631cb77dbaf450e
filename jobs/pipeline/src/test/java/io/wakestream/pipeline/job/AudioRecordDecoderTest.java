package io.wakestream.pipeline.job;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wakestream.pipeline.Signals;
import io.wakestream.pipeline.SourceRecord;
import io.wakestream.schemas.AudioChunk;
import io.wakestream.schemas.AvroCodec;
import io.wakestream.schemas.DeadLetter;
import io.wakestream.schemas.WakeEvent;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class AudioRecordDecoderTest {
    private static final AvroCodec<AudioChunk> CODEC = AvroCodec.of(AudioChunk.class);
    private static final AudioRecordDecoder DECODER = new AudioRecordDecoder(5_000);
    private static final long NOW = 1_700_000_000_000L;

    private static AudioChunk chunk(String device) {
        return Signals.chunk(device, "stream-1", 3, 1_000, 16_000, 1, Signals.tone((short) 1000, 1600));
    }

    private static byte[] key(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static DeadLetter dead(byte[] key, byte[] value) {
        SourceRecord r = DECODER.decode("audio", 2, 41, key, value, NOW);
        return assertInstanceOf(SourceRecord.InvalidRecord.class, r, "should be a dead letter").deadLetter();
    }

    private static byte[] bytes(ByteBuffer b) {
        ByteBuffer d = b.duplicate();
        byte[] out = new byte[d.remaining()];
        d.get(out);
        return out;
    }

    private static void assertLetter(DeadLetter d, DeadLetterCause cause, byte[] key, byte[] value, String device) {
        assertEquals(cause, DeadLetterCause.of(d.getReason()), d.getReason());
        assertEquals("audio", d.getTopic());
        assertEquals(2, d.getPartition());
        assertEquals(41, d.getOffset());
        if (key == null) assertNull(d.getKey());
        else assertArrayEquals(key, bytes(d.getKey()));
        assertArrayEquals(value == null ? new byte[0] : value, bytes(d.getOriginalBytes()));
        assertEquals(device, d.getDeviceId());
        assertEquals(NOW, d.getFailedAtMs());
    }

    @Test
    void aGoodRecordBecomesItsChunk() {
        AudioChunk c = chunk("kitchen");
        SourceRecord r = DECODER.decode("audio", 0, 7, key("kitchen"), CODEC.encode(c), NOW);
        assertEquals(c, assertInstanceOf(SourceRecord.ValidChunk.class, r).chunk());
    }

    @Test
    void aGoodRecordIsKeyedByItsOwnDeviceWhateverTheRecordKey() {
        AudioChunk c = chunk("kitchen");
        for (byte[] k : new byte[][] {null, key("hall"), new byte[] {(byte) 0xFF}}) {
            SourceRecord r = DECODER.decode("audio", 0, 7, k, CODEC.encode(c), NOW);
            assertEquals("kitchen", assertInstanceOf(SourceRecord.ValidChunk.class, r).chunk().getDeviceId());
        }
    }

    @Test
    void aNullValueIsADeadLetterWithEmptyOriginalBytes() {
        DeadLetter d = dead(key("kitchen"), null);
        assertLetter(d, DeadLetterCause.NULL_VALUE, key("kitchen"), null, "kitchen");
        assertTrue(d.getReason().contains("no value"), d.getReason());
    }

    @Test
    void anEmptyValueIsADeadLetter() {
        assertLetter(dead(key("kitchen"), new byte[0]), DeadLetterCause.EMPTY_VALUE, key("kitchen"), new byte[0], "kitchen");
    }

    @Test
    void bytesThatAreNotAvroAreADeadLetterSayingSo() {
        byte[] value = key("{\"deviceId\": \"kitchen\"}");
        DeadLetter d = dead(key("kitchen"), value);
        assertLetter(d, DeadLetterCause.BAD_MAGIC, key("kitchen"), value, "kitchen");
        assertTrue(d.getReason().contains("C3 01"), d.getReason());
    }

    @Test
    void aMessageShorterThanTheHeaderIsADeadLetter() {
        byte[] value = {(byte) 0xC3, 0x01, 0x00};
        assertLetter(dead(null, value), DeadLetterCause.TOO_SHORT, null, value, null);
    }

    @Test
    void anotherRecordTypeIsAnUnknownFingerprint() {
        WakeEvent wake = WakeEvent.newBuilder().setEventId("e").setDeviceId("hall").setWakePhrase("jarvis")
                .setModelName("m").setModelVersion("1").setScore(0.9f).setAudioStartMs(0).setAudioEndMs(1)
                .setDetectedAtMs(2).setStreamId("s").build();
        byte[] value = AvroCodec.of(WakeEvent.class).encode(wake);
        DeadLetter d = dead(key("hall"), value);
        assertLetter(d, DeadLetterCause.UNKNOWN_FINGERPRINT, key("hall"), value, "hall");
        assertTrue(d.getReason().contains("unknown schema fingerprint"), d.getReason());
    }

    @Test
    void aTruncatedChunkIsAMalformedBody() {
        byte[] whole = CODEC.encode(chunk("kitchen"));
        byte[] value = Arrays.copyOf(whole, whole.length / 2);
        assertLetter(dead(key("kitchen"), value), DeadLetterCause.MALFORMED_BODY, key("kitchen"), value, "kitchen");
    }

    @Test
    void anInvalidDeviceIdInTheValueIsADeadLetterNamingIt() {
        byte[] value = CODEC.encode(chunk("bad\u0007id"));
        DeadLetter d = dead(null, value);
        assertLetter(d, DeadLetterCause.INVALID_DEVICE_ID, null, value, null);
        assertTrue(d.getReason().contains("\"bad\\u0007id\""), d.getReason());
        assertTrue(d.getReason().contains("control character U+0007 at index 3"), d.getReason());
    }

    @Test
    void theKeyNamesTheDeviceOnlyWhenItIsAValidId() {
        byte[] value = new byte[0];
        assertEquals("kitchen", dead(key("kitchen"), value).getDeviceId());
        assertNull(dead(key("bad\nkey"), value).getDeviceId());
        assertNull(dead(new byte[] {(byte) 0xC3, 0x28}, value).getDeviceId(), "not UTF-8");
        assertNull(dead(key("x".repeat(DeviceIds.MAX_LENGTH + 1)), value).getDeviceId());
    }

    @Test
    void unusableAudioIsAnInvalidChunkNamingTheDeviceAndTheProblem() {
        AudioChunk c = chunk("kitchen");
        c.setPcm(ByteBuffer.wrap(new byte[3]));
        byte[] value = CODEC.encode(c);
        DeadLetter d = dead(null, value);
        assertLetter(d, DeadLetterCause.INVALID_CHUNK, null, value, "kitchen");
        assertTrue(d.getReason().contains("sequence 3") && d.getReason().contains("not whole 16-bit frames"), d.getReason());
    }

    @Test
    void chunksLongerThanTheOperatorAcceptsAreInvalidChunks() {
        AudioChunk c = Signals.chunk("kitchen", "s", 0, 0, 16_000, 1, new short[16_000 * 2]); // 2 s
        SourceRecord ok = new AudioRecordDecoder(5_000).decode("audio", 0, 0, null, CODEC.encode(c), NOW);
        assertInstanceOf(SourceRecord.ValidChunk.class, ok);
        SourceRecord tooLong = new AudioRecordDecoder(1_000).decode("audio", 0, 0, null, CODEC.encode(c), NOW);
        DeadLetter d = assertInstanceOf(SourceRecord.InvalidRecord.class, tooLong).deadLetter();
        assertEquals(DeadLetterCause.INVALID_CHUNK, DeadLetterCause.of(d.getReason()));
        assertTrue(d.getReason().contains("exceeds 1000 ms"), d.getReason());
    }

    @Test
    void theDeadLetterKeepsItsOwnCopyOfTheBytes() {
        byte[] value = key("garbage!!!!!");
        DeadLetter d = dead(null, value);
        value[0] = 'X';
        assertEquals('g', bytes(d.getOriginalBytes())[0]);
    }

    @Test
    void aRecordAsBigAsKafkaAllowsGivesADeadLetterKafkaStillTakes() {
        // Near the broker's default 1 MB limit: the whole record kept in a letter, plus reason and coordinates,
        // would exceed it and the dead-letter sink would fail the job.
        byte[] value = new byte[1_000_000];
        java.util.Arrays.fill(value, (byte) 7);
        byte[] bigKey = new byte[40_000];
        DeadLetter d = dead(bigKey, value);
        assertEquals(DeadLetterCause.BAD_MAGIC, DeadLetterCause.of(d.getReason()));
        assertArrayEquals(java.util.Arrays.copyOf(value, AudioRecordDecoder.MAX_KEPT_VALUE_BYTES), bytes(d.getOriginalBytes()));
        assertEquals(AudioRecordDecoder.MAX_KEPT_KEY_BYTES, bytes(d.getKey()).length);
        assertTrue(d.getReason().contains("value of 1000000 bytes: the first " + AudioRecordDecoder.MAX_KEPT_VALUE_BYTES + " are kept"), d.getReason());
        assertTrue(d.getReason().contains("key of 40000 bytes"), d.getReason());
        int encoded = AvroCodec.of(DeadLetter.class).encode(d).length;
        assertTrue(encoded < 1_000_000, "the letter is " + encoded + " bytes");
    }
}
