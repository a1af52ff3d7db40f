package dev.ferry.loki;

/**
 * The limits Loki puts on a stream's labels and an entry's structured metadata, with Loki's
 * defaults ({@code limits_config}: max_label_name_length, max_label_value_length,
 * max_label_names_per_series, max_structured_metadata_size). The client fixes labels that break
 * them before sending, instead of having Loki refuse the stream. 0 means no limit.
 *
 * @param maxNameLength longest label name, in bytes
 * @param maxValueLength longest label value, in UTF-8 bytes
 * @param maxLabelNames most labels in one stream
 * @param maxStructuredMetadataSize most UTF-8 bytes of names and values in one entry's structured metadata
 */
public record LabelLimits(int maxNameLength, int maxValueLength, int maxLabelNames, int maxStructuredMetadataSize) {
    /** Loki 3.4's defaults. */
    public static final LabelLimits LOKI_DEFAULTS = new LabelLimits(1024, 2048, 15, 64 * 1024);

    public LabelLimits {
        atLeastZero("max_label_name_length", maxNameLength);
        atLeastZero("max_label_value_length", maxValueLength);
        atLeastZero("max_label_names_per_series", maxLabelNames);
        atLeastZero("max_structured_metadata_size", maxStructuredMetadataSize);
    }

    private static void atLeastZero(String option, int value) {
        if (value < 0) {
            throw new IllegalArgumentException(option + " must be 0 (no limit) or more, got " + value);
        }
    }

    /** True when {@code labels} breaks none of these limits: three comparisons of figures the set computed once. */
    boolean allow(Labels labels) {
        return (maxLabelNames == 0 || labels.size() <= maxLabelNames)
                && (maxValueLength == 0 || labels.maxValueUtf8Length() <= maxValueLength)
                && (maxNameLength == 0 || labels.maxNameLength() <= maxNameLength);
    }
}
