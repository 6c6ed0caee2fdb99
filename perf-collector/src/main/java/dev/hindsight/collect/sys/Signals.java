package dev.hindsight.collect.sys;

/** The Linux x86-64 signal numbers the collector handles by name. */
public final class Signals {
    /** Kill, cannot be caught. */
    public static final int SIGKILL = 9;
    /** Trace/breakpoint trap: what a single step reports. */
    public static final int SIGTRAP = 5;
    /** Child stopped or exited. */
    public static final int SIGCHLD = 17;
    /** Continue a stopped process. */
    public static final int SIGCONT = 18;
    /** Stop, cannot be caught. */
    public static final int SIGSTOP = 19;
    /** Terminal stop. */
    public static final int SIGTSTP = 20;
    /** Background read from tty. */
    public static final int SIGTTIN = 21;
    /** Background write to tty. */
    public static final int SIGTTOU = 22;
    /** Termination request. */
    public static final int SIGTERM = 15;
    /** Interrupt from the keyboard. */
    public static final int SIGINT = 2;

    private Signals() {
    }
}
