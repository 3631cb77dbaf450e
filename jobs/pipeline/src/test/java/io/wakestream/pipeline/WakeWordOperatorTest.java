package io.wakestream.pipeline;

/** The per-device cases with the default batching (windows of many chunks wait for one ONNX call). */
class WakeWordOperatorTest extends WakeWordOperatorCases {
    @Override
    BatchingConfig batching() {
        return BatchingConfig.defaults();
    }
}
