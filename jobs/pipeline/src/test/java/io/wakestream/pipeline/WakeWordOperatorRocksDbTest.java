package io.wakestream.pipeline;

import org.apache.flink.runtime.state.StateBackend;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;

/**
 * The per-device cases, batched, on the RocksDB state backend. Every read of RocksDB state deserializes a fresh
 * copy, so here the operator must use the state object its chunks in flight hold and write it back after the
 * scores; on the heap backend a read returns that same object and a mistake would not show.
 */
class WakeWordOperatorRocksDbTest extends WakeWordOperatorCases {
    @Override
    BatchingConfig batching() {
        return BatchingConfig.defaults();
    }

    @Override
    StateBackend backend() {
        return new EmbeddedRocksDBStateBackend();
    }
}
