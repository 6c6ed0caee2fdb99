package dev.hindsight.history;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The functions with code in the DWARF {@code .debug_info} of ELF files, with their formal
 * parameters and the call sites that tell parameters' entry values: what gdb needs to print a
 * frame's arguments ({@code print_frame_args} with {@code print entry-values default}). While
 * replaying btrace only the pc is available (spec §6.2): a parameter in a register or on the stack
 * prints as {@code x=<unavailable>}; under gdb's default {@code set print frame-arguments
 * scalars} a struct, union, class or array argument (also through a reference) prints as
 * {@code s=...}; one without a location at the frame's address as {@code x=<optimized out>}; a
 * constant as its value. An entry value the caller's {@code DW_TAG_call_site} gives adds
 * {@code x=x@entry=<unavailable>} (equal) or {@code x=<unavailable>, x@entry=5}. Functions without
 * debug information print no arguments.
 */
public final class DwarfFunctions {
    /** A register or memory location: unavailable while replaying. */
    static final int UNAVAILABLE = 0;
    /** A single register ({@code DW_OP_regN}; value: the DWARF register number). */
    static final int REGISTER = 1;
    /** A known value ({@code DW_OP_litN ... DW_OP_stack_value}; value: its bits). */
    static final int CONSTANT = 2;
    /** The value a register had at entry ({@code DW_OP_entry_value(DW_OP_regN)}; value: the register). */
    static final int ENTRY_VALUE = 3;
    /**
     * An expression on an entry value ({@code DW_OP_entry_value(DW_OP_regN) DW_OP_plus_uconst 1
     * ...}; value: the register): optimized out without the entry value, else unavailable (the
     * arithmetic on a known entry value is not done).
     */
    static final int ENTRY_EXPRESSION = 4;

    private static final DwarfFunctions EMPTY = new DwarfFunctions(new long[0], new long[0], new int[0], List.of(),
            Map.of());

    private final long[] lo;
    private final long[] hi;
    private final int[] function;
    private final List<Function> functions;
    private final Map<Long, CallSite> callSites;
    /** Per function entry, its tail calls. */
    private final Map<Long, List<CallSite>> tailCalls = new HashMap<>();
    /** Function entries by linkage name (gdb finds a named callee's address by its minimal symbol). */
    private final Map<String, Long> entryByName = new HashMap<>();
    private int lastHit = -1;

    private DwarfFunctions(long[] lo, long[] hi, int[] function, List<Function> functions,
            Map<Long, CallSite> callSites) {
        this.lo = lo;
        this.hi = hi;
        this.function = function;
        this.functions = functions;
        this.callSites = callSites;
        for (CallSite c : callSites.values()) {
            if (c.tail()) {
                tailCalls.computeIfAbsent(c.callerEntry(), k -> new ArrayList<>()).add(c);
            }
        }
        for (Function f : functions) {
            if (f.linkageName() != null) {
                entryByName.putIfAbsent(f.linkageName(), f.entry());
            }
        }
    }

    /** No functions. */
    public static DwarfFunctions empty() {
        return EMPTY;
    }

    /**
     * A function with code.
     *
     * @param name the function's DWARF name (through its specification or abstract origin), or
     *     {@code null}
     * @param linkageName its linkage name if it has one, else its name
     * @param entry its entry address (gdb's {@code BLOCK_ENTRY_PC})
     * @param parameters its formal parameters in gdb's order: the function's own, then those only
     *     its abstract origin lists
     * @param varargs whether it takes {@code ...} (gdb prints no argument for it)
     * @param printName the name gdb prints in its frames: the DWARF name, qualified for C++
     *     ({@code K::get}); {@code null} if there is none
     */
    public record Function(String name, String linkageName, long entry, List<Parameter> parameters,
            boolean varargs, String printName) {
    }

    /**
     * Where a parameter's value is over [begin, end) (end exclusive, unsigned).
     *
     * @param kind {@link #UNAVAILABLE}, {@link #REGISTER}, {@link #CONSTANT}, {@link #ENTRY_VALUE}
     *     or {@link #ENTRY_EXPRESSION}
     * @param value the register number or the constant's bits
     */
    record Location(long begin, long end, int kind, long value) {
        static Location everywhere(int kind, long value) {
            return new Location(0, -1L, kind, value);
        }

        boolean covers(long address) {
            return Long.compareUnsigned(begin, address) <= 0 && Long.compareUnsigned(address, end) < 0;
        }
    }

    /**
     * A formal parameter.
     *
     * @param name its name
     * @param scalar whether gdb's {@code val_print_scalar_type_p} holds for its type (not a
     *     struct, class, union or array, also behind typedefs, qualifiers and references)
     * @param format how a known value of its type prints
     * @param locations where it has which location; none: optimized out
     * @param computed whether it has a {@code DW_AT_location} (gdb's computed symbol, whose
     *     entry value gdb looks for), not a constant or nothing
     */
    public record Parameter(String name, boolean scalar, ValueFormat format, List<Location> locations,
            boolean computed) {
        Location at(long address) {
            for (Location l : locations) {
                if (l.covers(address)) {
                    return l;
                }
            }
            return null;
        }
    }

    /** A call site's callee is a function's entry ({@link CallSite#target}). */
    static final int TARGET_ENTRY = 0;
    /** A call site's callee is named by a declaration's linkage name. */
    static final int TARGET_NAME = 1;
    /** A call site's callee is a DWARF expression that reads registers: unavailable while replaying. */
    static final int TARGET_UNAVAILABLE = 2;
    /** A call site whose callee DWARF does not say. */
    static final int TARGET_NONE = 3;

    /**
     * A call: whom it calls, from which function, and the values its parameters had, by the DWARF
     * register they were passed in (gdb's {@code call_site}).
     *
     * @param targetKind {@link #TARGET_ENTRY}, {@link #TARGET_NAME}, {@link #TARGET_UNAVAILABLE} or
     *     {@link #TARGET_NONE}
     * @param targetEntry the callee's entry for {@link #TARGET_ENTRY}
     * @param targetName the callee's linkage name for {@link #TARGET_NAME}
     * @param callerEntry the entry of the function the call is in
     * @param tail whether it is a tail call ({@code DW_AT_call_tail_call})
     * @param values per register: {kind, value} as {@link Location}
     */
    record CallSite(int targetKind, long targetEntry, String targetName, long callerEntry, boolean tail,
            Map<Integer, long[]> values) {
    }
    /**
     * How gdb prints a known scalar of a parameter's type.
     *
     * @param kind one of {@code signed}, {@code unsigned}, {@code bool}, {@code char} (signed),
     *     {@code uchar}, {@code pointer}, {@code float}
     * @param size the type's size in bytes
     */
    public record ValueFormat(String kind, int size) {
        /** A signed 8-byte number: the format of types we cannot tell. */
        public static final ValueFormat DEFAULT = new ValueFormat("signed", 8);

        /** {@code bits} as gdb prints a value of this type. */
        public String format(long bits) {
            int s = size <= 0 || size > 8 ? 8 : size;
            long unsigned = s == 8 ? bits : bits & ((1L << (8 * s)) - 1);
            long signed = s == 8 ? bits : (unsigned << (64 - 8 * s)) >> (64 - 8 * s);
            return switch (kind) {
                case "pointer" -> "0x" + Long.toHexString(unsigned);
                case "bool" -> unsigned == 0 ? "false" : unsigned == 1 ? "true" : Long.toString(unsigned);
                case "char" -> signed + " " + charLiteral((int) signed);
                case "uchar" -> unsigned + " " + charLiteral((int) unsigned);
                case "unsigned" -> Long.toUnsignedString(unsigned);
                case "float" -> s == 4 ? floating(Float.intBitsToFloat((int) unsigned), 9)
                        : floating(Double.longBitsToDouble(bits), 17);
                default -> Long.toString(signed);
            };
        }

        /** C's {@code %.Ng}, as gdb prints floating-point values. */
        private static String floating(double d, int digits) {
            if (Double.isNaN(d)) {
                return (Double.doubleToRawLongBits(d) < 0 ? "-" : "") + "nan(0x"
                        + Long.toHexString(Double.doubleToRawLongBits(d) & 0xfffffffffffffL) + ")";
            }
            if (Double.isInfinite(d)) {
                return d > 0 ? "inf" : "-inf";
            }
            if (d == 0) {
                return 1 / d < 0 ? "-0" : "0";
            }
            BigDecimal v = new BigDecimal(d).round(new MathContext(digits));
            int exponent = v.precision() - v.scale() - 1;
            if (exponent < -4 || exponent >= digits) {
                BigDecimal mantissa = v.movePointLeft(exponent).stripTrailingZeros();
                return mantissa.toPlainString() + String.format(Locale.ROOT, "e%s%02d", exponent < 0 ? "-" : "+",
                        Math.abs(exponent));
            }
            return v.stripTrailingZeros().toPlainString();
        }

        /** A character as gdb quotes it: printable ASCII as itself, the C escapes, else octal. */
        private static String charLiteral(int c) {
            c &= 0xff;
            String body = switch (c) {
                case 7 -> "\\a";
                case 8 -> "\\b";
                case 9 -> "\\t";
                case 10 -> "\\n";
                case 11 -> "\\v";
                case 12 -> "\\f";
                case 13 -> "\\r";
                case 27 -> "\\033";
                case '\'' -> "\\'";
                case '\\' -> "\\\\";
                default -> c >= 0x20 && c < 0x7f ? String.valueOf((char) c)
                        : String.format(Locale.ROOT, "\\%03o", c);
            };
            return "'" + body + "'";
        }
    }

    /**
     * Reads the functions of ELF files' {@code .debug_info} (DWARF 2 to 5, 32- and 64-bit DWARF).
     *
     * @param files the ELF files
     * @param bases their load bases, as {@link ElfSymbols#read}
     * @throws IOException if a file cannot be read or its debug information is malformed
     */
    public static DwarfFunctions read(List<Path> files, List<Long> bases) throws IOException {
        return read(files, bases, null);
    }

    /**
     * Reads the functions of ELF files; a file whose debug information is malformed is reported
     * to {@code warn} and keeps the functions read before the fault (the others print {@code ()}).
     *
     * @param warn receives one line per malformed file, or {@code null} to throw instead
     * @throws IOException if a file cannot be read (or, without {@code warn}, is malformed)
     */
    public static DwarfFunctions read(List<Path> files, List<Long> bases, Consumer<String> warn) throws IOException {
        List<long[]> ranges = new ArrayList<>();
        List<Function> fns = new ArrayList<>();
        Map<Long, CallSite> sites = new HashMap<>();
        for (int i = 0; i < files.size(); i++) {
            ElfSections elf = ElfSections.read(files.get(i));
            if (elf.section(".debug_info") == null) {
                continue;
            }
            try {
                DebugInfoReader.read(elf, elf.bias(bases.get(i)), new DebugInfoReader.Sink() {
                    @Override
                    public void function(Function f, long[] r) {
                        fns.add(f);
                        for (int k = 0; k + 1 < r.length; k += 2) {
                            if (Long.compareUnsigned(r[k], r[k + 1]) < 0) {
                                ranges.add(new long[] {r[k], r[k + 1], fns.size() - 1});
                            }
                        }
                    }

                    @Override
                    public void callSite(long returnPc, CallSite site) {
                        sites.put(returnPc, site);
                    }
                });
            } catch (RuntimeException e) {
                String what = files.get(i) + ": bad .debug_info: " + e.getMessage();
                if (warn == null) {
                    throw new IOException(what, e);
                }
                warn.accept(what);
            }
        }
        if (fns.isEmpty()) {
            return EMPTY;
        }
        ranges.sort((a, b) -> {
            int c = Long.compareUnsigned(a[0], b[0]);
            // At one start the smaller range (a nested function) comes last, so it wins.
            return c != 0 ? c : Long.compareUnsigned(b[1], a[1]);
        });
        int n = ranges.size();
        long[] l = new long[n];
        long[] h = new long[n];
        int[] f = new int[n];
        for (int i = 0; i < n; i++) {
            l[i] = ranges.get(i)[0];
            h[i] = ranges.get(i)[1];
            f[i] = (int) ranges.get(i)[2];
        }
        return new DwarfFunctions(l, h, f, List.copyOf(fns), Map.copyOf(sites));
    }

    /** The [begin, end) pairs of the functions named {@code name}, in address order (for tests). */
    long[] rangesOf(String name) {
        List<Long> r = new ArrayList<>();
        for (int i = 0; i < lo.length; i++) {
            if (name.equals(functions.get(function[i]).name())) {
                r.add(lo[i]);
                r.add(hi[i]);
            }
        }
        return r.stream().mapToLong(Long::longValue).toArray();
    }

    /** The return pcs of the call sites that call the function at {@code entry}, sorted (for tests). */
    long[] callSitesTo(long entry) {
        return callSites.entrySet().stream().filter(e -> e.getValue().targetKind() == TARGET_ENTRY
                && e.getValue().targetEntry() == entry).mapToLong(Map.Entry::getKey).sorted().toArray();
    }

    /** The return pcs of the call sites in the function at {@code entry}, sorted (for tests). */
    long[] callSitesFrom(long entry) {
        return callSites.entrySet().stream().filter(e -> e.getValue().callerEntry() == entry)
                .mapToLong(Map.Entry::getKey).sorted().toArray();
    }

    /**
     * The function name gdb prints in a frame at {@code address} (gdb's {@code find_frame_funname}
     * with the full symbol: {@code unused} for gcc's clone {@code unused.constprop.0},
     * {@code K::get} for C++), or {@code null} without debug information there.
     */
    public String frameName(long address) {
        Function f = at(address);
        return f == null ? null : f.printName();
    }

    /** Whether there are no functions. */
    public boolean isEmpty() {
        return functions.isEmpty();
    }

    /** The function whose code contains {@code address}, or {@code null}. */
    public Function at(long address) {
        int last = lastHit;
        if (last >= 0 && Long.compareUnsigned(lo[last], address) <= 0 && Long.compareUnsigned(address, hi[last]) < 0) {
            return functions.get(function[last]);
        }
        int a = 0;
        int b = lo.length - 1;
        int r = -1;
        while (a <= b) {
            int mid = (a + b) >>> 1;
            if (Long.compareUnsigned(lo[mid], address) <= 0) {
                r = mid;
                a = mid + 1;
            } else {
                b = mid - 1;
            }
        }
        // Ranges do not overlap except for nested functions: walk back to one that holds it.
        for (int i = r; i >= 0 && r - i < 16; i--) {
            if (Long.compareUnsigned(address, hi[i]) < 0) {
                lastHit = i;
                return functions.get(function[i]);
            }
        }
        return null;
    }

    /** A value while replaying: unavailable, optimized out, or known bits. */
    private static final Object NOT_AVAILABLE = new Object();
    private static final Object OPTIMIZED_OUT = new Object();
    private static final Object NO_ENTRY = new Object();
    /** gdb's NOT_AVAILABLE_ERROR "value is not available" outside an expression's evaluation. */
    private static final Object ERROR_NOT_AVAILABLE = new Object();

    /**
     * The argument list gdb prints in a frame line between the parentheses, as it does while
     * replaying btrace; empty for a function without parameters or without debug information.
     *
     * @param address the frame's address in its block: the pc for the innermost frame, the pc
     *     minus one for a caller (gdb's {@code get_frame_address_in_block})
     * @param callers the pcs of the frame's callers, innermost first (a caller's pc is where the
     *     call returns to); entry values come from the call sites there
     */
    public String replayArguments(long address, long... callers) {
        Function f = at(address);
        if (f == null || f.parameters().isEmpty()) {
            return "";
        }
        StringBuilder s = new StringBuilder(32);
        for (Parameter p : f.parameters()) {
            if (s.length() > 0) {
                s.append(", ");
            }
            Object val = value(p, p.at(address), f, callers);
            Object entry = NO_ENTRY;
            if (p.computed()) {
                // gdb's read_variable_at_entry: the location at the function's entry must be a
                // single register for the caller's call site to say what it held.
                Location atEntry = p.at(f.entry());
                if (atEntry != null && atEntry.kind() == REGISTER) {
                    entry = entryValue(f, (int) atEntry.value(), callers, 0);
                }
            }
            s.append(p.name()).append('=');
            if (entry == ERROR_NOT_AVAILABLE) {
                // read_frame_arg keeps the entry value's error: it prints after the value.
                s.append(text(p, val)).append(", ").append(p.name())
                        .append("@entry=<error reading variable: value is not available>");
            } else if (entry != NO_ENTRY && entry.equals(val)) {
                // print entry-values default: equal values print once, as x=x@entry=V.
                s.append(p.name()).append("@entry=").append(text(p, val));
            } else {
                s.append(text(p, val));
                if (entry != NO_ENTRY) {
                    s.append(", ").append(p.name()).append("@entry=").append(text(p, entry));
                }
            }
        }
        return s.toString();
    }

    /** A parameter's value at a location: unavailable, optimized out or known bits. */
    private Object value(Parameter p, Location l, Function f, long[] callers) {
        if (l == null) {
            return OPTIMIZED_OUT;
        }
        return switch (l.kind()) {
            case CONSTANT -> l.value();
            case ENTRY_VALUE -> {
                // Inside the location's evaluation gdb turns the errors into values.
                Object e = entryValue(f, (int) l.value(), callers, 0);
                yield e == NO_ENTRY ? OPTIMIZED_OUT : e == ERROR_NOT_AVAILABLE ? NOT_AVAILABLE : e;
            }
            case ENTRY_EXPRESSION -> {
                Object e = entryValue(f, (int) l.value(), callers, 0);
                yield e == NO_ENTRY ? OPTIMIZED_OUT : NOT_AVAILABLE;
            }
            default -> NOT_AVAILABLE;
        };
    }

    /**
     * gdb's {@code value_of_dwarf_reg_entry}: what register {@code reg} held when {@code f} was
     * entered, from the call site its caller's pc returns to, evaluated in the caller's frame
     * ({@code dwarf_expr_reg_to_entry_parameter}: the call site, its callee, no self tail call,
     * the parameter, then its value).
     */
    private Object entryValue(Function f, int reg, long[] callers, int depth) {
        if (depth >= callers.length || depth > 8) {
            return NO_ENTRY;
        }
        CallSite site = callSites.get(callers[depth]);
        if (site == null) {
            return NO_ENTRY;
        }
        switch (site.targetKind()) {
            case TARGET_ENTRY -> {
                if (site.targetEntry() != f.entry()) {
                    return NO_ENTRY;
                }
            }
            case TARGET_NAME -> {
                if (!site.targetName().equals(f.linkageName())) {
                    return NO_ENTRY;
                }
            }
            case TARGET_UNAVAILABLE -> {
                return ERROR_NOT_AVAILABLE;
            }
            default -> {
                return NO_ENTRY;
            }
        }
        if (callsItselfByTailCalls(f.entry())) {
            return NO_ENTRY;
        }
        long[] v = site.values().get(reg);
        if (v == null) {
            return NO_ENTRY;
        }
        if (v[0] == CONSTANT) {
            return v[1];
        }
        if (v[0] == ENTRY_VALUE || v[0] == ENTRY_EXPRESSION) {
            // Evaluated in the caller's frame: its own entry value, from its caller's call site;
            // errors there become values (dwarf2_evaluate_loc_desc).
            Function caller = at(callers[depth] - 1);
            if (caller == null) {
                return NO_ENTRY;
            }
            Object e = entryValue(caller, (int) v[1], callers, depth + 1);
            if (e == NO_ENTRY) {
                return NO_ENTRY;
            }
            return v[0] == ENTRY_VALUE && e != ERROR_NOT_AVAILABLE ? e : NOT_AVAILABLE;
        }
        return NOT_AVAILABLE;
    }

    /**
     * gdb's {@code func_verify_no_selftailcall}: whether the function at {@code entry} may call
     * itself through tail calls, or the tail calls from it cannot be followed (a callee without
     * debug information or not named): then no entry value is reliable.
     */
    private boolean callsItselfByTailCalls(long entry) {
        java.util.ArrayDeque<Long> todo = new java.util.ArrayDeque<>();
        java.util.Set<Long> seen = new java.util.HashSet<>();
        todo.push(entry);
        while (!todo.isEmpty()) {
            long addr = todo.pop();
            Function f = at(addr);
            if (f == null || f.entry() != addr) {
                return true;
            }
            for (CallSite c : tailCalls.getOrDefault(addr, List.of())) {
                long target;
                if (c.targetKind() == TARGET_ENTRY) {
                    target = c.targetEntry();
                } else if (c.targetKind() == TARGET_NAME && entryByName.containsKey(c.targetName())) {
                    target = entryByName.get(c.targetName());
                } else {
                    return true;
                }
                if (target == entry) {
                    return true;
                }
                if (seen.add(target)) {
                    todo.push(target);
                }
            }
        }
        return false;
    }

    private static String text(Parameter p, Object v) {
        if (!p.scalar()) {
            return "...";
        }
        if (v == OPTIMIZED_OUT) {
            return "<optimized out>";
        }
        return v == NOT_AVAILABLE ? "<unavailable>" : p.format().format((Long) v);
    }
}
