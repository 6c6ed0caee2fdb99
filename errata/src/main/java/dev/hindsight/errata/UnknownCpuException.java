package dev.hindsight.errata;

/**
 * Thrown when an Intel CPU is not in the erratum table, so its workarounds cannot be determined.
 *
 * <p>This is libipt's {@code -pte_bad_cpu} from {@code pt_cpu_errata()}. ptdump reports it as
 * {@code [0: failed to determine errata: unknown cpu]} and ptxed as
 * {@code [0, 0: config error: unknown cpu]}; both then decode without workarounds.
 * {@link #getMessage()} is libipt's text, {@code "unknown cpu"}, so callers can print it as is.
 */
public final class UnknownCpuException extends Exception {
    private static final long serialVersionUID = 1L;

    /** libipt's {@code pt_errstr(pte_bad_cpu)}. */
    public static final String MESSAGE = "unknown cpu";

    private final CpuId cpu;

    /**
     * Creates the exception for a CPU the table does not know.
     *
     * @param cpu the CPU that was looked up
     */
    public UnknownCpuException(CpuId cpu) {
        super(MESSAGE);
        this.cpu = cpu;
    }

    /** The CPU that is not in the table. */
    public CpuId cpu() {
        return cpu;
    }
}
