package dev.hindsight.history.debuginfo;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The call frame information of loaded ELF objects ({@code .eh_frame}, then {@code .debug_frame};
 * DWARF 5 §6.4, the LSB's {@code .eh_frame} format): the CIEs with their augmentations
 * ({@code z}, {@code R}, {@code P}, {@code L}, {@code S}) and pointer encodings, and the FDEs
 * indexed by the code they cover. {@link #rules} gives the row for a pc, what gdb's dwarf2 frame
 * unwinder computes the CFA and the caller's registers from.
 */
public final class CallFrameInfo {
    private static final CallFrameInfo EMPTY = new CallFrameInfo(List.of());

    private final List<Table> tables;

    private CallFrameInfo(List<Table> tables) {
        this.tables = tables;
    }

    /** No call frame information: nothing unwinds. */
    public static CallFrameInfo empty() {
        return EMPTY;
    }

    /**
     * Reads the call frame information of {@code files}, each loaded at {@code bases} (as
     * {@link ElfSymbols#read}). A file's malformed section is left out.
     *
     * @throws IOException if a file cannot be read or is not a 64-bit little-endian ELF file
     */
    public static CallFrameInfo read(List<Path> files, List<Long> bases) throws IOException {
        List<Table> t = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            ElfSections elf = ElfSections.read(files.get(i));
            long bias = elf.bias(bases.get(i));
            long got = elf.sectionAddress(".got");
            for (String name : new String[] {".eh_frame", ".debug_frame"}) {
                ByteBuffer sec = elf.section(name);
                if (sec != null) {
                    try {
                        t.add(new Table(sec, elf.sectionAddress(name), bias, name.equals(".eh_frame"),
                                got == -1 ? 0 : got));
                    } catch (RuntimeException e) {
                        // a malformed table: its frames do not unwind (gdb complains and goes on)
                    }
                }
            }
        }
        return new CallFrameInfo(List.copyOf(t));
    }

    /**
     * The call frame information of one section's bytes (for tests).
     *
     * @param address the section's link-time address (what pc-relative pointers are relative to)
     * @param bias what addresses are moved by
     * @param ehFrame whether it is {@code .eh_frame} (else {@code .debug_frame})
     */
    static CallFrameInfo of(ByteBuffer section, long address, long bias, boolean ehFrame) {
        return new CallFrameInfo(List.of(new Table(section, address, bias, ehFrame, 0)));
    }

    /** Whether no object has call frame information. */
    public boolean isEmpty() {
        return tables.isEmpty();
    }

    /** The row for {@code pc}, or {@code null} if no FDE covers it or its instructions are malformed. */
    CfaRules rules(long pc) {
        for (Table t : tables) {
            int i = t.find(pc);
            if (i >= 0) {
                try {
                    return t.rules(i, pc);
                } catch (RuntimeException e) {
                    return null;
                }
            }
        }
        return null;
    }

    /** The [begin, end) of the FDE that covers {@code pc}, or {@code null} (for tests). */
    long[] fdeRange(long pc) {
        for (Table t : tables) {
            int i = t.find(pc);
            if (i >= 0) {
                return new long[] {t.begin[i], t.end[i]};
            }
        }
        return null;
    }

    /** One section's CIEs and FDEs. */
    private static final class Table {
        final ByteBuffer sec;
        final long address;
        final long bias;
        final boolean eh;
        final long dataBase;
        final long[] begin;
        final long[] end;
        final int[] fde;
        final Map<Integer, Cie> cies = new HashMap<>();

        /** A parsed CIE and where its FDEs' pointers are decoded. */
        record Cie(CfaRules.Cie rules, boolean augmented) {
        }

        Table(ByteBuffer section, long address, long bias, boolean eh, long dataBase) {
            this.sec = section.duplicate().order(ByteOrder.LITTLE_ENDIAN);
            this.address = address;
            this.bias = bias;
            this.eh = eh;
            this.dataBase = dataBase;
            List<long[]> index = new ArrayList<>();
            ByteBuffer b = sec.duplicate().order(ByteOrder.LITTLE_ENDIAN);
            while (b.remaining() >= 4) {
                int start = b.position();
                long length = b.getInt() & 0xffffffffL;
                if (length == 0) {
                    if (eh) {
                        break; // the terminator
                    }
                    continue;
                }
                boolean wide = length == 0xffffffffL;
                if (wide) {
                    length = b.getLong();
                }
                int body = b.position();
                int next = (int) (body + length);
                int idAt = b.position();
                long id = wide ? b.getLong() : b.getInt() & 0xffffffffL;
                boolean isCie = eh ? id == 0 : id == (wide ? -1L : 0xffffffffL);
                if (!isCie) {
                    int cieAt = eh ? (int) (idAt - id) : (int) id;
                    Cie cie = cie(cieAt);
                    long[] range = pcRange(b, cie.rules().pointerEncoding());
                    if (range != null && range[1] != 0) {
                        index.add(new long[] {range[0], range[0] + range[1], start});
                    }
                }
                b.position(next);
            }
            index.sort((x, y) -> Long.compareUnsigned(x[0], y[0]));
            begin = new long[index.size()];
            end = new long[index.size()];
            fde = new int[index.size()];
            for (int i = 0; i < begin.length; i++) {
                begin[i] = index.get(i)[0];
                end[i] = index.get(i)[1];
                fde[i] = (int) index.get(i)[2];
            }
        }

        /** An FDE's pc_begin and pc_range (biased begin), or {@code null} for an encoding not followed. */
        private long[] pcRange(ByteBuffer b, int encoding) {
            long first = pointer(b, encoding);
            long size = pointer(b, encoding & 0x0f);
            if ((encoding & 0x80) != 0) {
                return null; // an indirect pc_begin: not emitted for code
            }
            return new long[] {first + bias, size};
        }

        int find(long pc) {
            int a = 0;
            int z = begin.length - 1;
            int r = -1;
            while (a <= z) {
                int mid = (a + z) >>> 1;
                if (Long.compareUnsigned(begin[mid], pc) <= 0) {
                    r = mid;
                    a = mid + 1;
                } else {
                    z = mid - 1;
                }
            }
            return r >= 0 && Long.compareUnsigned(pc, end[r]) < 0 ? r : -1;
        }

        CfaRules rules(int i, long pc) {
            ByteBuffer b = sec.duplicate().order(ByteOrder.LITTLE_ENDIAN);
            b.position(fde[i]);
            long length = b.getInt() & 0xffffffffL;
            boolean wide = length == 0xffffffffL;
            if (wide) {
                length = b.getLong();
            }
            int next = (int) (b.position() + length);
            int idAt = b.position();
            long id = wide ? b.getLong() : b.getInt() & 0xffffffffL;
            Cie cie = cie(eh ? (int) (idAt - id) : (int) id);
            int encoding = cie.rules().pointerEncoding();
            pointer(b, encoding);
            pointer(b, encoding & 0x0f);
            if (cie.augmented()) {
                long n = DwarfExpressions.uleb(b);
                b.position((int) (b.position() + n));
            }
            byte[] code = new byte[next - b.position()];
            b.get(code);
            return CfaRules.run(cie.rules(), begin[i], code, pc, bb -> pointer(bb, encoding) + bias);
        }

        private Cie cie(int at) {
            Cie known = cies.get(at);
            if (known != null) {
                return known;
            }
            ByteBuffer b = sec.duplicate().order(ByteOrder.LITTLE_ENDIAN);
            b.position(at);
            long length = b.getInt() & 0xffffffffL;
            boolean wide = length == 0xffffffffL;
            if (wide) {
                length = b.getLong();
            }
            int next = (int) (b.position() + length);
            if (wide) {
                b.getLong();
            } else {
                b.getInt();
            }
            int version = b.get() & 0xff;
            StringBuilder aug = new StringBuilder();
            for (byte c = b.get(); c != 0; c = b.get()) {
                aug.append((char) c);
            }
            String a = aug.toString();
            if (a.contains("eh")) {
                b.getLong(); // the old GNU eh_ptr
            }
            if (version >= 4) {
                b.get(); // address_size
                b.get(); // segment_selector_size
            }
            long codeAlign = DwarfExpressions.uleb(b);
            long dataAlign = DwarfExpressions.sleb(b);
            int ra = version == 1 ? b.get() & 0xff : (int) DwarfExpressions.uleb(b);
            // .debug_frame's addresses are absolute; .eh_frame's default too.
            int encoding = 0;
            boolean augmented = a.startsWith("z");
            if (augmented) {
                long n = DwarfExpressions.uleb(b);
                int dataEnd = (int) (b.position() + n);
                for (int k = 1; k < a.length(); k++) {
                    switch (a.charAt(k)) {
                        case 'R' -> encoding = b.get() & 0xff;
                        case 'L' -> b.get();
                        case 'P' -> {
                            int e = b.get() & 0xff;
                            pointer(b, e & 0x7f); // the personality routine: read, not followed
                        }
                        default -> {
                            // 'S' (signal frame), 'B' and others carry no data here
                        }
                    }
                }
                b.position(dataEnd);
            } else if (!a.isEmpty() && !a.equals("eh")) {
                throw new IllegalArgumentException("unknown CIE augmentation " + a);
            }
            byte[] initial = new byte[next - b.position()];
            b.get(initial);
            Cie c = new Cie(new CfaRules.Cie(codeAlign, dataAlign, ra, encoding, initial), augmented);
            cies.put(at, c);
            return c;
        }

        /**
         * Reads a pointer in {@code encoding} (DW_EH_PE_*): its format (low nibble) and what it is
         * relative to (pc-relative: the field's own link-time address; data-relative: the GOT).
         */
        long pointer(ByteBuffer b, int encoding) {
            if (encoding == 0xff) {
                return 0; // DW_EH_PE_omit
            }
            long fieldAddress = address + b.position();
            long v = switch (encoding & 0x0f) {
                case 0x00 -> b.getLong();
                case 0x01 -> DwarfExpressions.uleb(b);
                case 0x02 -> b.getShort() & 0xffffL;
                case 0x03 -> b.getInt() & 0xffffffffL;
                case 0x04 -> b.getLong();
                case 0x09 -> DwarfExpressions.sleb(b);
                case 0x0a -> b.getShort();
                case 0x0b -> b.getInt();
                case 0x0c -> b.getLong();
                default -> throw new IllegalArgumentException("unknown pointer encoding 0x"
                        + Integer.toHexString(encoding));
            };
            return switch (encoding & 0x70) {
                case 0x10 -> v + fieldAddress;
                case 0x30 -> v + dataBase;
                default -> v;
            };
        }
    }
}
