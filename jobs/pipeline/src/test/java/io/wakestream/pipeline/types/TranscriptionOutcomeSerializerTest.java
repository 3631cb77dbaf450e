package io.wakestream.pipeline.types;

import io.wakestream.pipeline.RejectedSegment;
import io.wakestream.pipeline.TranscriptionOutcome;
import io.wakestream.schemas.PartialTranscript;
import io.wakestream.schemas.TranscriptEvent;
import io.wakestream.schemas.Word;
import java.util.List;
import org.apache.flink.api.common.typeutils.SerializerTestBase;
import org.apache.flink.api.common.typeutils.TypeSerializer;

/** Flink's serializer contract for the transcription stage's outcomes, with and without ids on a rejected segment. */
class TranscriptionOutcomeSerializerTest extends SerializerTestBase<TranscriptionOutcome> {
    @Override
    protected TypeSerializer<TranscriptionOutcome> createSerializer() {
        return new TranscriptionOutcomeSerializer();
    }

    @Override
    protected boolean allowNullInstances(TypeSerializer<TranscriptionOutcome> serializer) {
        return true; // a union has no default instance
    }

    @Override
    protected int getLength() {
        return -1;
    }

    @Override
    protected Class<TranscriptionOutcome> getTypeClass() {
        return TranscriptionOutcome.class;
    }

    @Override
    protected TranscriptionOutcome[] getTestData() {
        TranscriptEvent withWords = TranscriptEvent.newBuilder().setEventId("t-1").setWakeEventId("w-1").setDeviceId("kitchen")
                .setStreamId("s-1").setText("turn on the lights").setAudioStartMs(1_000).setAudioEndMs(3_000)
                .setWords(List.of(Word.newBuilder().setWord("turn").setStartMs(1_100).setEndMs(1_300).setConfidence(0.9f).build(),
                        Word.newBuilder().setWord("lights").setStartMs(2_500).setEndMs(2_900).setConfidence(1f).build()))
                .build();
        TranscriptEvent empty = TranscriptEvent.newBuilder(withWords).setEventId("t-2").setText("").setWords(List.of()).build();
        return new TranscriptionOutcome[] {
            new TranscriptionOutcome.Transcribed(withWords),
            new TranscriptionOutcome.NotTranscribed(new RejectedSegment("hall", "s-2", "w-2", 0, 31_000,
                    "31000 ms of audio, over the 30000 ms limit", 1_700_000_000_000L)),
            new TranscriptionOutcome.Transcribed(empty),
            new TranscriptionOutcome.NotTranscribed(new RejectedSegment(null, null, null, 5, 4, "no device id", 7)),
            new TranscriptionOutcome.Partial(PartialTranscript.newBuilder().setWakeEventId("w-3").setDeviceId("office")
                    .setStreamId("s-3").setSequence(2).setText("turn on").setAudioStartMs(4_000).setAudioEndMs(4_900).build()),
        };
    }
}
