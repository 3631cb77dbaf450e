package io.wakestream.schemas;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;
import org.junit.jupiter.api.Test;

class AvroCodecTest {
    private final AvroCodec<AudioChunk> chunks = AvroCodec.of(AudioChunk.class);

    static AudioChunk chunk() {
        byte[] pcm = new byte[3200];
        for (int i = 0; i < pcm.length; i++) pcm[i] = (byte) (i * 7);
        return AudioChunk.newBuilder().setDeviceId("kitchen-1").setStreamId("2f0c6d1e-4b9e-4c59-9c1a-0e8b5f6a7d21")
                .setSequence(42).setCaptureTimeMs(1_732_000_000_123L).setSampleRate(16000).setChannels(1)
                .setPcm(ByteBuffer.wrap(pcm)).build();
    }

    @Test
    void audioChunkRoundTrips() {
        AudioChunk in = chunk();
        byte[] bytes = chunks.encode(in);
        assertEquals((byte) 0xC3, bytes[0]);
        assertEquals((byte) 0x01, bytes[1]);
        assertEquals(SchemaHistory.fingerprint(AudioChunk.getClassSchema()), AvroCodec.fingerprintOf(bytes));
        AudioChunk out = chunks.decode(bytes);
        assertEquals(in, out);
        assertArrayEquals(in.getPcm().array(), bytes(out.getPcm()));
    }

    @Test
    void wakeEventRoundTrips() {
        AvroCodec<WakeEvent> codec = AvroCodec.of(WakeEvent.class);
        WakeEvent in = WakeEvent.newBuilder().setEventId("e-1").setDeviceId("d.1").setWakePhrase("jarvis")
                .setModelName("jarvis").setModelVersion("1.0.0").setScore(0.97f).setAudioStartMs(12_300)
                .setAudioEndMs(12_900).setDetectedAtMs(1_732_000_012_950L).setStreamId("s").build();
        assertEquals(in, codec.decode(codec.encode(in)));
    }

    @Test
    void partialTranscriptRoundTrips() {
        AvroCodec<PartialTranscript> codec = AvroCodec.of(PartialTranscript.class);
        PartialTranscript in = PartialTranscript.newBuilder().setWakeEventId("e-1").setDeviceId("d").setStreamId("s")
                .setSequence(3).setText("turn on the").setAudioStartMs(13_000).setAudioEndMs(14_100).build();
        assertEquals(in, codec.decode(codec.encode(in)));
    }

    @Test
    void transcriptEventRoundTripsWithWordsAndWithout() {
        AvroCodec<TranscriptEvent> codec = AvroCodec.of(TranscriptEvent.class);
        TranscriptEvent in = TranscriptEvent.newBuilder().setEventId("t-1").setWakeEventId("e-1").setDeviceId("d")
                .setText("turn on the lights ünd café").setAudioStartMs(13_000).setAudioEndMs(15_000)
                .setStreamId("s")
                .setWords(List.of(new Word("turn", 13_000L, 13_200L, 0.9f), new Word("café", 14_500L, 15_000L, 0.5f)))
                .build();
        assertEquals(in, codec.decode(codec.encode(in)));
        TranscriptEvent empty = TranscriptEvent.newBuilder(in).setText("").setWords(List.of()).build();
        assertEquals(empty, codec.decode(codec.encode(empty)));
    }

    @Test
    void deadLetterRoundTripsWithAndWithoutNullableFields() {
        AvroCodec<DeadLetter> codec = AvroCodec.of(DeadLetter.class);
        DeadLetter full = DeadLetter.newBuilder().setTopic("audio-chunks").setPartition(3).setOffset(1234)
                .setKey(ByteBuffer.wrap("kitchen-1".getBytes(StandardCharsets.UTF_8))).setDeviceId("kitchen-1")
                .setReason("bad magic").setOriginalBytes(ByteBuffer.wrap(new byte[] {1, 2, 3}))
                .setFailedAtMs(99).build();
        assertEquals(full, codec.decode(codec.encode(full)));
        DeadLetter bare = DeadLetter.newBuilder(full).setKey(null).setDeviceId(null).build();
        DeadLetter out = codec.decode(codec.encode(bare));
        assertNull(out.getKey());
        assertNull(out.getDeviceId());
        assertEquals(bare, out);
    }

    @Test
    void bytesAreAvrosOwnSingleObjectEncodingBothWays() throws Exception {
        AudioChunk in = chunk();
        // Avro's BinaryMessageDecoder reads what the codec writes, and the codec reads what Avro writes.
        assertEquals(in, AudioChunk.fromByteBuffer(ByteBuffer.wrap(chunks.encode(in))));
        assertEquals(in, chunks.decode(bytes(in.toByteBuffer())));
    }

    @Test
    void decodesMessagesFromAnOlderSchemaVersion() {
        // A made-up earlier AudioChunk that also carried a "gain" field, since removed: today's reader skips it.
        Schema old = new Schema.Parser().parse(AudioChunk.getClassSchema().toString()
                .replace("{\"name\":\"pcm\"", "{\"name\":\"gain\",\"type\":\"float\"},{\"name\":\"pcm\""));
        assertTrue(old.getField("gain") != null);
        GenericRecord r = new GenericData.Record(old);
        AudioChunk c = chunk();
        for (Schema.Field f : AudioChunk.getClassSchema().getFields()) r.put(f.name(), c.get(f.name()));
        r.put("gain", 0.5f);
        byte[] oldBytes = bytes(encodeGeneric(old, r));

        SchemaDecodeException unknown = assertThrows(SchemaDecodeException.class, () -> chunks.decode(oldBytes));
        assertEquals(SchemaDecodeException.Problem.UNKNOWN_FINGERPRINT, unknown.problem());

        AvroCodec<AudioChunk> withHistory = AvroCodec.of(AudioChunk.class,
                SchemaHistory.of(AudioChunk.getClassSchema(), List.of(old)));
        assertEquals(c, withHistory.decode(oldBytes));
        assertEquals(c, withHistory.decode(withHistory.encode(c)));
    }

    @Test
    void tooShort() {
        for (int n : new int[] {0, 1, 9}) {
            byte[] b = Arrays.copyOf(chunks.encode(chunk()), n);
            SchemaDecodeException e = assertThrows(SchemaDecodeException.class, () -> chunks.decode(b));
            assertEquals(SchemaDecodeException.Problem.TOO_SHORT, e.problem());
            assertTrue(e.getMessage().contains("too short: " + n + " bytes"), e.getMessage());
        }
    }

    @Test
    void badMagic() {
        byte[] b = chunks.encode(chunk());
        b[1] = 0x02;
        SchemaDecodeException e = assertThrows(SchemaDecodeException.class, () -> chunks.decode(b));
        assertEquals(SchemaDecodeException.Problem.BAD_MAGIC, e.problem());
        assertTrue(e.getMessage().contains("C3 02"), e.getMessage());
        byte[] json = "{\"deviceId\":\"x\"}".getBytes(StandardCharsets.UTF_8);
        assertEquals(SchemaDecodeException.Problem.BAD_MAGIC,
                assertThrows(SchemaDecodeException.class, () -> chunks.decode(json)).problem());
    }

    @Test
    void unknownFingerprintNamesItAndTheKnownOnes() {
        byte[] b = chunks.encode(chunk());
        b[5] ^= 0x40;
        long fp = AvroCodec.fingerprintOf(b);
        SchemaDecodeException e = assertThrows(SchemaDecodeException.class, () -> chunks.decode(b));
        assertEquals(SchemaDecodeException.Problem.UNKNOWN_FINGERPRINT, e.problem());
        assertTrue(e.getMessage().contains(String.format("%016X", fp)), e.getMessage());
        assertTrue(e.getMessage().contains(String.format("%016X",
                SchemaHistory.fingerprint(AudioChunk.getClassSchema()))), e.getMessage());
    }

    @Test
    void aWakeEventIsNotAnAudioChunk() {
        AvroCodec<WakeEvent> wakes = AvroCodec.of(WakeEvent.class);
        WakeEvent w = WakeEvent.newBuilder().setEventId("e").setDeviceId("d").setWakePhrase("p").setModelName("m")
                .setModelVersion("1").setScore(1).setAudioStartMs(0).setAudioEndMs(1).setDetectedAtMs(2)
                .setStreamId("s").build();
        byte[] b = wakes.encode(w);
        assertEquals(SchemaDecodeException.Problem.UNKNOWN_FINGERPRINT,
                assertThrows(SchemaDecodeException.class, () -> chunks.decode(b)).problem());
    }

    @Test
    void truncatedBody() {
        byte[] whole = chunks.encode(chunk());
        for (int n : new int[] {10, 11, 30, whole.length - 1}) {
            byte[] b = Arrays.copyOf(whole, n);
            SchemaDecodeException e = assertThrows(SchemaDecodeException.class, () -> chunks.decode(b), "" + n);
            assertEquals(SchemaDecodeException.Problem.MALFORMED_BODY, e.problem());
            assertTrue(e.getMessage().contains("AudioChunk message body"), e.getMessage());
        }
    }

    @Test
    void bytesLeftOverAfterTheRecord() {
        byte[] whole = chunks.encode(chunk());
        byte[] b = Arrays.copyOf(whole, whole.length + 3);
        SchemaDecodeException e = assertThrows(SchemaDecodeException.class, () -> chunks.decode(b));
        assertEquals(SchemaDecodeException.Problem.MALFORMED_BODY, e.problem());
        assertTrue(e.getMessage().contains("3 bytes left over"), e.getMessage());
    }

    @Test
    void garbageBodyWithNegativeOrHugeLengths() {
        byte[] header = Arrays.copyOf(chunks.encode(chunk()), AvroCodec.HEADER_LENGTH);
        // deviceId length as zig-zag varint: 0x03 is -2; 0xFE 0xFF 0xFF 0xFF 0x0F is 2^31-1.
        for (byte[] body : new byte[][] {{0x03, 'a'}, {(byte) 0xFE, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x0F, 'a'}}) {
            byte[] b = concat(header, body);
            SchemaDecodeException e = assertThrows(SchemaDecodeException.class, () -> chunks.decode(b));
            assertEquals(SchemaDecodeException.Problem.MALFORMED_BODY, e.problem());
        }
    }

    @Test
    void encodingARecordWithAMissingRequiredFieldSaysSo() {
        AudioChunk broken = chunk();
        broken.setDeviceId(null);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> chunks.encode(broken));
        assertTrue(e.getMessage().startsWith("cannot encode AudioChunk"), e.getMessage());
    }

    @Test
    void codecIsSafeToShareBetweenThreads() throws Exception {
        Thread[] threads = new Thread[4];
        Throwable[] failure = new Throwable[1];
        for (int t = 0; t < threads.length; t++) {
            threads[t] = new Thread(() -> {
                // Each thread its own record: the codec is shared, but a record's ByteBuffer (pcm) has a position
                // and is not safe to read from several threads at once.
                AudioChunk in = chunk();
                try {
                    for (int i = 0; i < 2000; i++) {
                        AudioChunk c = AudioChunk.newBuilder(in).setSequence(i).build();
                        assertEquals(c, chunks.decode(chunks.encode(c)));
                    }
                } catch (Throwable e) {
                    synchronized (failure) {
                        failure[0] = e;
                    }
                }
            });
            threads[t].start();
        }
        for (Thread t : threads) t.join();
        if (failure[0] != null) throw new AssertionError(failure[0]);
    }

    private static ByteBuffer encodeGeneric(Schema schema, GenericRecord r) {
        try {
            return new BinaryMessageEncoder<GenericRecord>(GenericData.get(), schema).encode(r);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    static byte[] bytes(ByteBuffer b) {
        ByteBuffer d = b.duplicate();
        byte[] out = new byte[d.remaining()];
        d.get(out);
        return out;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
