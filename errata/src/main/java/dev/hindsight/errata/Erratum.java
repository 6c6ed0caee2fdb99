package dev.hindsight.errata;

import java.util.List;
import java.util.Locale;

/**
 * One Intel PT erratum that a decoder works around: a bit of libipt's {@code struct pt_errata},
 * in the same order.
 *
 * <p>Each constant carries the erratum id from Intel's specification updates, a short title in
 * our own words, and the ids under which other processor families publish the same problem.
 */
public enum Erratum {
    /** PSB+ may carry FUP and MODE.Exec that belong to a following TIP.PGE. */
    BDM70("BDM70", "PSB+ may contain FUP/MODE.Exec packets although tracing is disabled; they "
            + "belong to the TIP.PGE that follows", "SKD024", "SKL021", "KBL021"),
    /** A transactional abort right after a branch may log a wrong branch target first. */
    BDM64("BDM64", "a TSX abort right after a branch may be preceded by a packet with a wrong "
            + "branch target"),
    /** OVF may cut a multi-byte CYC packet after its first byte. */
    SKD007("SKD007", "on buffer overflow, OVF may follow the first byte of a multi-byte CYC "
            + "packet instead of the rest of it", "SKL049", "KBL041"),
    /** A VM entry that clears TraceEn may send a FUP before TIP.PGD. */
    SKD022("SKD022", "a VM entry that clears TraceEn may produce a FUP before the TIP.PGD",
            "SKL024", "KBL023"),
    /** OVF may not be followed by a FUP or TIP.PGE. */
    SKD010("SKD010", "the FUP (or TIP.PGE) that should follow an OVF may be missing",
            "SKD014", "SKL033", "KBL030"),
    /** TIP.PGD after a direct branch out of the filter range may lack its IP. */
    SKL014("SKL014", "TIP.PGD for a direct branch that leaves the filter region may have no "
            + "target IP payload", "KBL014"),
    /** OVF outside a TIP.PGE/TIP.PGD pair may be followed by a FUP. */
    APL12("APL12", "with FilterEn clear, an OVF may be followed by an unexpected FUP"),
    /** OVF may be followed by TIP.PGD when tracing stops at the same time. */
    APL11("APL11", "an OVF generated as TraceEn or ContextEn is cleared may be followed by a "
            + "TIP.PGD"),
    /** A CYC (and MTC) right before a PSB may be dropped. */
    SKL168("SKL168", "a CYC packet, possibly with its MTC, immediately before a PSB may be "
            + "dropped"),
    /** TSC scaling or offsetting in a VMX guest corrupts TMA and adds a bogus byte. */
    SKZ84("SKZ84", "in a VMX guest with TSC offsetting or scaling, TMA packets carry corrupt "
            + "CTC/FastCounter values and are followed by one bogus byte");

    private final String id;
    private final String title;
    private final List<String> sameAs;

    Erratum(String id, String title, String... sameAs) {
        this.id = id;
        this.title = title;
        this.sameAs = List.of(sameAs);
    }

    /** The erratum id as Intel publishes it, e.g. {@code BDM70}. */
    public String id() {
        return id;
    }

    /** libipt's field name, the lower-case id, e.g. {@code bdm70}. */
    public String flagName() {
        return id.toLowerCase(Locale.ROOT);
    }

    /** What goes wrong, in one line. */
    public String title() {
        return title;
    }

    /** The ids of the same erratum in other processor families' specification updates. */
    public List<String> sameAs() {
        return sameAs;
    }

    /**
     * The erratum with this id, its libipt flag name or one of its aliases (any case).
     *
     * @param name e.g. {@code bdm70}, {@code SKL021}
     * @return the erratum
     * @throws IllegalArgumentException when no erratum has that name
     */
    public static Erratum byName(String name) {
        for (Erratum e : values()) {
            if (e.id.equalsIgnoreCase(name)) {
                return e;
            }
            for (String alias : e.sameAs) {
                if (alias.equalsIgnoreCase(name)) {
                    return e;
                }
            }
        }
        throw new IllegalArgumentException("unknown erratum '" + name + "'");
    }
}
