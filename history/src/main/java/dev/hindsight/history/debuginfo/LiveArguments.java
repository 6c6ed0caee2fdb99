package dev.hindsight.history.debuginfo;

import dev.hindsight.history.target.TargetMemory;
import java.util.Locale;

/**
 * A live frame's arguments as gdb prints them ({@code print_frame_args} under the defaults
 * {@code print frame-arguments scalars} and {@code print entry-values default}): each parameter's
 * location expression evaluated with the frame's registers, CFA, frame base and the process's
 * memory ({@link DwarfEvaluator}); entry values from the caller's call site evaluated in the
 * caller's frame; values in their type's format, a {@code char *} with its string, a reference
 * as {@code @ADDRESS: VALUE}, an aggregate as {@code ...}.
 */
final class LiveArguments {
    /** gdb's {@code print elements} default: characters of a string printed at most. */
    private static final int PRINT_ELEMENTS = 200;
    /** How many callers entry values are looked up through. */
    private static final int ENTRY_DEPTH = 8;

    private static final Object OPTIMIZED_OUT = new Object();
    private static final Object UNAVAILABLE = new Object();

    private final DwarfFunctions functions;
    private final LiveFrames frames;
    private final TargetMemory memory;
    private final SymbolLookup symbols;

    LiveArguments(DwarfFunctions functions, LiveFrames frames, TargetMemory memory, SymbolLookup symbols) {
        this.functions = functions;
        this.frames = frames;
        this.memory = memory;
        this.symbols = symbols;
    }

    /** The text between the parentheses of {@code frame}'s line; empty without debug information. */
    String text(LiveFrame frame) {
        long address = frame.addressInBlock();
        DwarfFunctions.Function f = functions.at(address);
        if (f == null || f.parameters().isEmpty()) {
            return "";
        }
        StringBuilder s = new StringBuilder(32);
        for (DwarfFunctions.Parameter p : f.parameters()) {
            if (s.length() > 0) {
                s.append(", ");
            }
            Object val = value(p, p.at(address), f, frame, 0);
            Object entry = null;
            if (p.computed()) {
                // gdb's read_variable_at_entry: only a parameter in a single register at the
                // function's entry has an entry value.
                DwarfFunctions.Location atEntry = p.at(f.entry());
                if (atEntry != null && atEntry.kind() == DwarfFunctions.REGISTER) {
                    entry = entryValue(f, frame, (int) atEntry.value(), 0);
                }
            }
            String valueText = text(p, val);
            boolean equal = entry != null && val instanceof Long && truncate(p.format(), (Long) val)
                    == truncate(p.format(), (Long) entry);
            DwarfFunctions.appendArgument(s, p.name(), valueText, entry == null ? null : text(p, entry), equal);
        }
        return s.toString();
    }

    /** A parameter's value in {@code frame}: its bits, {@link #OPTIMIZED_OUT}, {@link #UNAVAILABLE} or an error's text. */
    private Object value(DwarfFunctions.Parameter p, DwarfFunctions.Location l, DwarfFunctions.Function f,
            LiveFrame frame, int depth) {
        if (l == null) {
            return OPTIMIZED_OUT;
        }
        if (l.kind() == DwarfFunctions.CONSTANT && l.expression() == null) {
            return l.value(); // DW_AT_const_value
        }
        if (l.expression() == null) {
            return UNAVAILABLE;
        }
        DwarfEvaluator.Result r = DwarfEvaluator.evaluate(l.expression(), f.live().bias(),
                context(f, frame, depth), null);
        int size = Math.min(8, Math.max(1, p.format().size()));
        return switch (r.kind()) {
            case DwarfEvaluator.MEMORY -> {
                Long v = FrameUnwinder.read(memory, r.value(), size);
                yield v == null ? cannotAccess(r.value()) : v;
            }
            case DwarfEvaluator.REGISTER -> {
                Long v = frame.register((int) r.value());
                yield v == null ? (r.value() < CfaRules.REGISTERS ? OPTIMIZED_OUT : UNAVAILABLE) : v;
            }
            case DwarfEvaluator.VALUE -> r.value();
            case DwarfEvaluator.OPTIMIZED_OUT, DwarfEvaluator.NOT_SAVED -> OPTIMIZED_OUT;
            case DwarfEvaluator.MEMORY_ERROR -> cannotAccess(r.value());
            default -> UNAVAILABLE;
        };
    }

    private static String cannotAccess(long address) {
        return String.format(Locale.ROOT, "<error: Cannot access memory at address 0x%x>", address);
    }

    /**
     * gdb's {@code value_of_dwarf_reg_entry}: what register {@code reg} held when {@code f} was
     * entered in {@code frame}, from the caller's call site's {@code DW_AT_call_value} evaluated
     * in the caller's frame; {@code null} if not known.
     */
    private Long entryValue(DwarfFunctions.Function f, LiveFrame frame, int reg, int depth) {
        if (depth > ENTRY_DEPTH) {
            return null;
        }
        LiveFrame caller = frames.frame(frame.level + 1);
        if (caller == null) {
            return null;
        }
        DwarfFunctions.CallSite site = functions.siteCalling(f, caller.pc);
        byte[] e = site == null ? null : site.valueExpressions().get(reg);
        if (e == null) {
            return null;
        }
        frames.frame(caller.level + 1); // the caller's CFA, for its frame base
        DwarfFunctions.Function callerFunction = functions.at(caller.addressInBlock());
        DwarfEvaluator.Result r = DwarfEvaluator.evaluate(e,
                callerFunction == null ? 0 : callerFunction.live().bias(),
                context(callerFunction, caller, depth + 1), null);
        return switch (r.kind()) {
            case DwarfEvaluator.MEMORY, DwarfEvaluator.VALUE -> r.value(); // the value itself (gdb appends stack_value)
            case DwarfEvaluator.REGISTER -> caller.register((int) r.value());
            default -> null;
        };
    }

    /** What an expression of {@code f} sees in {@code frame}. */
    private DwarfEvaluator.Frame context(DwarfFunctions.Function f, LiveFrame frame, int depth) {
        DwarfEvaluator.Frame plain = frames.unwinder().context(frame);
        return new DwarfEvaluator.Frame() {
            @Override
            public Long register(int reg) {
                return frame.register(reg);
            }

            @Override
            public Long memory(long address, int size) {
                return plain.memory(address, size);
            }

            @Override
            public Long frameBase() {
                if (f == null) {
                    return null;
                }
                for (DwarfFunctions.Location l : f.live().frameBase()) {
                    if (l.covers(frame.addressInBlock()) && l.expression() != null) {
                        return DwarfEvaluator.address(l.expression(), f.live().bias(), plain, null);
                    }
                }
                return null;
            }

            @Override
            public Long cfa() {
                return frame.cfa;
            }

            @Override
            public Long entryValue(int reg) {
                return f == null ? null : LiveArguments.this.entryValue(f, frame, reg, depth);
            }
        };
    }

    private String text(DwarfFunctions.Parameter p, Object v) {
        if (!p.scalar()) {
            return "...";
        }
        if (v == OPTIMIZED_OUT) {
            return "<optimized out>";
        }
        if (v == UNAVAILABLE) {
            return "<unavailable>";
        }
        if (v instanceof String error) {
            return error;
        }
        return format(p.format(), (Long) v, memory, symbols);
    }

    private static long truncate(DwarfFunctions.ValueFormat f, long bits) {
        int s = f.size() <= 0 || f.size() >= 8 ? 8 : f.size();
        return s == 8 ? bits : bits & ((1L << (8 * s)) - 1);
    }

    /** As {@link #format(DwarfFunctions.ValueFormat, long, TargetMemory, SymbolLookup)} without symbols. */
    static String format(DwarfFunctions.ValueFormat f, long bits, TargetMemory memory) {
        return format(f, bits, memory, null);
    }

    /**
     * A value as gdb prints it with the process's memory at hand: a pointer with the symbol it
     * points into ({@code 0x4c6118 <vals+8>}, gdb's {@code print symbol on}), a {@code char *}
     * followed by the string it points to, a reference as {@code @ADDRESS: VALUE}, else as
     * {@link DwarfFunctions.ValueFormat#format}.
     */
    static String format(DwarfFunctions.ValueFormat f, long bits, TargetMemory memory, SymbolLookup symbols) {
        String plain = f.format(bits);
        switch (f.kind()) {
            case "pointer" -> {
                return plain + symbolic(bits, symbols);
            }
            case "string" -> {
                return bits == 0 ? plain : plain + symbolic(bits, symbols) + " " + string(bits, memory);
            }
            case "reference" -> {
                DwarfFunctions.ValueFormat t = f.target();
                if (t == null) {
                    return "@" + plain;
                }
                Long v = FrameUnwinder.read(memory, bits, Math.min(8, Math.max(1, t.size())));
                return "@" + plain + ": " + (v == null ? cannotAccess(bits) : format(t, v, memory));
            }
            default -> {
                return plain;
            }
        }
    }

    /**
     * A value of {@code f}'s type in {@code bytes} at {@code offset}: a structure or union as gdb
     * prints it, {@code {x = 1, p = {y = 2}}}, each member in its format; a scalar as
     * {@link #format(DwarfFunctions.ValueFormat, long, TargetMemory, SymbolLookup)}.
     */
    static String format(DwarfFunctions.ValueFormat f, byte[] bytes, long offset, TargetMemory memory,
            SymbolLookup symbols) {
        if (f.fields() == null) {
            long bits = 0;
            for (int i = 0; i < Math.min(8, f.size()); i++) {
                bits |= (bytes[(int) offset + i] & 0xffL) << (8 * i);
            }
            return format(f, bits, memory, symbols);
        }
        StringBuilder s = new StringBuilder("{");
        for (DwarfFunctions.Field field : f.fields()) {
            if (s.length() > 1) {
                s.append(", ");
            }
            s.append(field.name()).append(" = ")
                    .append(format(field.format(), bytes, offset + field.offset(), memory, symbols));
        }
        return s.append('}').toString();
    }

    /** gdb's {@code print_address_symbolic}: {@code " <symbol+offset>"} for an address in a symbol, else empty. */
    private static String symbolic(long address, SymbolLookup symbols) {
        FunctionSymbol s = symbols == null || address == 0 ? null : symbols.find(address);
        if (s == null) {
            return "";
        }
        long off = address - s.start();
        return " <" + s.printName() + (off == 0 ? "" : "+" + off) + ">";
    }

    /** The C string at {@code address} as gdb quotes it (up to {@code print elements} characters). */
    private static String string(long address, TargetMemory memory) {
        StringBuilder s = new StringBuilder("\"");
        byte[] one = new byte[1];
        for (int i = 0; i < PRINT_ELEMENTS; i++) {
            if (memory.read(address + i, one, 0, 1) != 1) {
                if (i == 0) {
                    return cannotAccess(address);
                }
                return s.append("\"").append(cannotAccess(address + i)).toString();
            }
            int c = one[0] & 0xff;
            if (c == 0) {
                return s.append('"').toString();
            }
            s.append(CharLiterals.escape(c, '"'));
        }
        return s.append("\"...").toString();
    }
}
