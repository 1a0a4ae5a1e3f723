package io.contactkit.spark.internal;

/**
 * A record number the library's caller gave that the engine cannot take (none, or below 1), found on an executor as the
 * records are prepared; the driver tells it naming the column ({@code SparkDedupe}).
 */
public final class RecordNumberException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    /** @param message what is wrong with the number */
    public RecordNumberException(String message) {
        super(message);
    }
}
