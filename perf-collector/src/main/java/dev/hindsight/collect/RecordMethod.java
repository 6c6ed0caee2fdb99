package dev.hindsight.collect;

/** How a program's branches are recorded. */
public enum RecordMethod {
    /** Intel Processor Trace through the intel_pt perf PMU. */
    PT,
    /** Branch Trace Store through a perf branch-instructions event with period 1. */
    BTS,
    /** Single-stepping with ptrace ({@link SoftwareBranchRecorder}): works everywhere, slowly. */
    SW;

    /** The name on the command line: {@code pt}, {@code bts}, {@code sw}. */
    public String cliName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
