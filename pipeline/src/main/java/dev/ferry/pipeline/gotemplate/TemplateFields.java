package dev.ferry.pipeline.gotemplate;

/** The data a {@link GoTemplate} reads: {@code .name} looks up {@code name}; null means "no value". */
@FunctionalInterface
public interface TemplateFields {
    /** The value of {@code name}, or null when there is none (Go's missing map key). */
    String get(String name);
}
