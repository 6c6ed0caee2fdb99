package dev.hindsight.pt;

/**
 * A decode error thrown across a module boundary, with the trace offset where it happened.
 *
 * <p>Inside the decoders errors are returned as negative status codes; this exception is for API
 * surfaces that return values. It carries no stack trace: the offset and code say everything.
 */
public final class PtDecodeException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final PtError error;
    private final long offset;

    /**
     * @param error  the libipt-named error
     * @param offset the trace offset of the fault, or -1 if there is none
     */
    public PtDecodeException(PtError error, long offset) {
        super(offset < 0 ? error.message() : Long.toHexString(offset) + ": " + error.message(),
                null, false, false);
        this.error = error;
        this.offset = offset;
    }

    /** The error. */
    public PtError error() {
        return error;
    }

    /** The trace offset of the fault, or -1. */
    public long offset() {
        return offset;
    }
}
