package dev.ferry.pipeline.config;

/** A YAML value with the place it was written, so every config error can say FILE:LINE:COL. */
public sealed interface ConfigNode permits MapNode, ListNode, ScalarNode {
    Location location();

    /** "a map", "a list", "a string", ...: for messages such as "must be a list, got a map". */
    String describe();
}
