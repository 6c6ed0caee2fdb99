package dev.hindsight.history.debuginfo;

import dev.hindsight.history.target.TargetMemory;
import dev.hindsight.history.target.TargetRegisters;
import java.util.ArrayList;
import java.util.List;

/**
 * The value a function returned, where the SysV x86-64 ABI (§3.2.3) puts it once the function has
 * returned, as gdb's {@code finish} prints it: scalars in {@code rax} or {@code xmm0}; structures
 * and unions of up to 16 bytes in {@code rax}/{@code rdx} and {@code xmm0}/{@code xmm1} by the
 * class of each eightbyte (INTEGER or SSE); larger ones in memory at the address {@code rax}
 * returns. Pointers carry gdb's type prefix ({@code (int *) 0x...}), a {@code char *} none.
 */
final class ReturnValue {
    private ReturnValue() {
    }

    /**
     * The returned value's text, or {@code null} where it is not known here (a type not laid out
     * or named, a value wider than 8 bytes, an unreadable register or memory).
     *
     * @param f how the return type prints
     * @param type the return type's name, for a pointer's or reference's prefix
     */
    static String text(DwarfFunctions.ValueFormat f, String type, TargetRegisters registers, TargetMemory memory,
            SymbolLookup symbols) {
        if (f.fields() != null) {
            byte[] bytes = aggregate(f, registers, memory);
            return bytes == null ? null : LiveArguments.format(f, bytes, 0, memory, symbols);
        }
        if (f.size() > 8) {
            return null;
        }
        boolean prefixed = f.kind().equals("pointer") || f.kind().equals("reference");
        if (prefixed && type == null) {
            return null;
        }
        Long bits = registers.value(f.kind().equals("float") ? "xmm0" : "rax");
        if (bits == null) {
            return null;
        }
        String text = LiveArguments.format(f, bits, memory, symbols);
        return prefixed ? "(" + type + ") " + text : text;
    }

    /** An aggregate's bytes from the registers its eightbytes' classes name, or from memory. */
    private static byte[] aggregate(DwarfFunctions.ValueFormat f, TargetRegisters registers, TargetMemory memory) {
        int size = f.size();
        byte[] bytes = new byte[size];
        if (size > 16) {
            // class MEMORY: the caller's buffer, whose address the function returns in rax
            Long at = registers.value("rax");
            return at == null || memory.read(at, bytes, 0, size) != size ? null : bytes;
        }
        List<long[]> leaves = new ArrayList<>();
        if (!leaves(f, 0, leaves)) {
            return null;
        }
        String[] integer = {"rax", "rdx"};
        String[] sse = {"xmm0", "xmm1"};
        int nextInteger = 0;
        int nextSse = 0;
        for (int eightbyte = 0; eightbyte * 8 < size; eightbyte++) {
            boolean isInteger = false;
            for (long[] leaf : leaves) {
                long from = leaf[0];
                long to = leaf[0] + leaf[1];
                if (from < (eightbyte + 1) * 8L && to > eightbyte * 8L && leaf[2] == 0) {
                    isInteger = true;
                }
            }
            String reg = isInteger ? integer[nextInteger++] : sse[nextSse++];
            Long v = registers.value(reg);
            if (v == null) {
                return null;
            }
            for (int i = 0; i < 8 && eightbyte * 8 + i < size; i++) {
                bytes[eightbyte * 8 + i] = (byte) (v >>> (8 * i));
            }
        }
        return bytes;
    }

    /**
     * The scalar leaves of an aggregate as {offset, size, 1 if floating-point}; false if one is
     * wider than 8 bytes or unaligned (class MEMORY or X87, not followed here).
     */
    private static boolean leaves(DwarfFunctions.ValueFormat f, long offset, List<long[]> out) {
        if (f.fields() == null) {
            if (f.size() > 8 || f.size() <= 0 || offset % f.size() != 0) {
                return false;
            }
            out.add(new long[] {offset, f.size(), f.kind().equals("float") ? 1 : 0});
            return true;
        }
        for (DwarfFunctions.Field field : f.fields()) {
            if (!leaves(field.format(), offset + field.offset(), out)) {
                return false;
            }
        }
        return true;
    }
}
