package dev.ferry.pipeline.stage;

/** Sizes as Alloy writes them; see {@link dev.ferry.pipeline.config.ByteSize}. */
final class ByteSize {
    private ByteSize() {}

    static long parse(String s) {
        return dev.ferry.pipeline.config.ByteSize.parse(s);
    }
}
