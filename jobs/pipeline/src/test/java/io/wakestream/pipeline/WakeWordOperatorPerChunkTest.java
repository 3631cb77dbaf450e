package io.wakestream.pipeline;

/** The per-device cases with every chunk's windows scored at once, in their own ONNX call. */
class WakeWordOperatorPerChunkTest extends WakeWordOperatorCases {
    @Override
    BatchingConfig batching() {
        return BatchingConfig.perChunk();
    }
}
