package dev.hindsight.history;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Functions and parameters from hand-built DWARF sections. */
class DebugInfoReaderTest {
    /** Little-endian bytes, DWARF's way. */
    private static final class Bytes {
        final ByteArrayOutputStream b = new ByteArrayOutputStream();

        Bytes u8(long v) {
            b.write((int) v);
            return this;
        }

        Bytes u16(long v) {
            return u8(v).u8(v >> 8);
        }

        Bytes u32(long v) {
            return u16(v).u16(v >> 16);
        }

        Bytes u64(long v) {
            return u32(v).u32(v >> 32);
        }

        Bytes uleb(long v) {
            do {
                int x = (int) (v & 0x7f);
                v >>>= 7;
                u8(v != 0 ? x | 0x80 : x);
            } while (v != 0);
            return this;
        }

        Bytes sleb(long v) {
            for (;;) {
                int x = (int) (v & 0x7f);
                v >>= 7;
                boolean done = (v == 0 && (x & 0x40) == 0) || (v == -1 && (x & 0x40) != 0);
                u8(done ? x : x | 0x80);
                if (done) {
                    return this;
                }
            }
        }

        Bytes str(String s) {
            b.writeBytes(s.getBytes(StandardCharsets.UTF_8));
            return u8(0);
        }

        Bytes bytes(int... v) {
            for (int x : v) {
                u8(x);
            }
            return this;
        }

        int size() {
            return b.size();
        }

        ByteBuffer buffer() {
            return ByteBuffer.wrap(b.toByteArray()).order(ByteOrder.LITTLE_ENDIAN);
        }
    }

    /**
     * A DWARF 5 unit using the forms gcc leaves to split DWARF and clang: strx1-4, addrx and
     * addrx1, rnglistx, loclistx, implicit_const, data16, ref_addr, ref_udata through
     * DW_FORM_indirect, flag_present; a function with a location list, one with two ranges.
     */
    private static Map<String, ByteBuffer> dwarf5() {
        Map<String, ByteBuffer> sections = new HashMap<>();
        // .debug_str and its offsets table (base 8, after the header).
        Bytes str = new Bytes();
        List<Integer> strOff = new ArrayList<>();
        for (String s : List.of("prod", "int", "S", "f", "a", "k", "kk")) {
            strOff.add(str.size());
            str.str(s);
        }
        Bytes so = new Bytes().u32(4 + 4L * strOff.size()).u16(5).u16(0);
        strOff.forEach(so::u32);
        // .debug_addr: 0x1000 (the unit's low pc), 0x1010 (f), 0x1100 (k's first range); base 8.
        Bytes addr = new Bytes().u32(4 + 3 * 8).u16(5).u8(8).u8(0).u64(0x1000).u64(0x1010).u64(0x1100);
        // .debug_rnglists: one list (base 12): [0x1100, +0x10), [base + 0x200, base + 0x210).
        Bytes rl = new Bytes();
        rl.u8(3).uleb(2).uleb(0x10).u8(4).uleb(0x200).uleb(0x210).u8(0);
        Bytes rng = new Bytes().u32(8 + 4 + rl.size()).u16(5).u8(8).u8(0).u32(1).u32(4);
        rng.b.writeBytes(rl.b.toByteArray());
        // .debug_loclists: a in %rdi over [f, f + 8), its entry value over [f + 8, f + 0x10).
        Bytes ll = new Bytes();
        ll.u8(4).uleb(0x10).uleb(0x18).uleb(1).u8(0x55);
        ll.u8(3).uleb(1).uleb(0x10).uleb(4).bytes(0xa3, 1, 0x55, 0x9f);
        ll.u8(0);
        Bytes loc = new Bytes().u32(8 + 4 + ll.size()).u16(5).u8(8).u8(0).u32(1).u32(4);
        loc.b.writeBytes(ll.b.toByteArray());
        // .debug_abbrev
        Bytes ab = new Bytes();
        ab.uleb(1).uleb(0x11).u8(1) // compile_unit
                .uleb(0x25).uleb(0x25).uleb(0x72).uleb(0x17).uleb(0x73).uleb(0x17).uleb(0x74).uleb(0x17)
                .uleb(0x8c).uleb(0x17).uleb(0x11).uleb(0x1b).uleb(0).uleb(0);
        ab.uleb(2).uleb(0x24).u8(0) // base_type int: strx1, encoding data1, byte_size implicit_const 4
                .uleb(0x03).uleb(0x25).uleb(0x3e).uleb(0x0b).uleb(0x0b).uleb(0x21).sleb(4).uleb(0).uleb(0);
        ab.uleb(3).uleb(0x13).u8(0) // structure_type S: strx2, a data16 attribute
                .uleb(0x03).uleb(0x26).uleb(0x2001).uleb(0x1e).uleb(0).uleb(0);
        ab.uleb(4).uleb(0x2e).u8(1) // subprogram f: strx, addrx1, high_pc data4, external flag_present
                .uleb(0x03).uleb(0x1a).uleb(0x11).uleb(0x29).uleb(0x12).uleb(0x06).uleb(0x3f).uleb(0x19)
                .uleb(0).uleb(0);
        ab.uleb(5).uleb(0x05).u8(0) // formal_parameter: strx1, ref4, loclistx
                .uleb(0x03).uleb(0x25).uleb(0x49).uleb(0x13).uleb(0x02).uleb(0x22).uleb(0).uleb(0);
        ab.uleb(6).uleb(0x05).u8(0) // formal_parameter: string, ref_addr, exprloc
                .uleb(0x03).uleb(0x08).uleb(0x49).uleb(0x10).uleb(0x02).uleb(0x18).uleb(0).uleb(0);
        ab.uleb(7).uleb(0x2e).u8(1) // subprogram kk: strx3, rnglistx
                .uleb(0x03).uleb(0x27).uleb(0x55).uleb(0x23).uleb(0).uleb(0);
        ab.uleb(8).uleb(0x05).u8(0) // formal_parameter: strx4, type through indirect, const_value sdata
                .uleb(0x03).uleb(0x28).uleb(0x49).uleb(0x16).uleb(0x1c).uleb(0x0d).uleb(0).uleb(0);
        ab.uleb(9).uleb(0x18).u8(0).uleb(0).uleb(0); // unspecified_parameters
        ab.uleb(0);
        // .debug_info
        Bytes d = new Bytes();
        d.u32(0).u16(5).u8(1).u8(8).u32(0); // length patched below
        d.uleb(1).u8(0).u32(8).u32(8).u32(12).u32(12).uleb(0);
        int intType = d.size();
        d.uleb(2).u8(1).u8(0x05);
        int structType = d.size();
        d.uleb(3).u16(2);
        for (int i = 0; i < 16; i++) {
            d.u8(0xee);
        }
        d.uleb(4).uleb(3).u8(1).u32(0x20);
        d.uleb(5).u8(4).u32(intType).uleb(0);
        d.uleb(6).str("g").u32(structType).uleb(2).bytes(0x91, 0x6c);
        d.u8(0);
        d.uleb(7).bytes(6, 0, 0).uleb(0);
        d.uleb(8).u32(5).uleb(0x15).uleb(intType).sleb(-3);
        d.uleb(9);
        d.u8(0);
        d.u8(0);
        ByteBuffer info = d.buffer();
        info.putInt(0, info.capacity() - 4);
        sections.put(".debug_info", info);
        sections.put(".debug_abbrev", ab.buffer());
        sections.put(".debug_str", str.buffer());
        sections.put(".debug_str_offsets", so.buffer());
        sections.put(".debug_addr", addr.buffer());
        sections.put(".debug_rnglists", rng.buffer());
        sections.put(".debug_loclists", loc.buffer());
        return sections;
    }

    private static List<Object[]> read(Map<String, ByteBuffer> sections, long bias) {
        List<Object[]> out = new ArrayList<>();
        DebugInfoReader.read(sections::get, bias, new DebugInfoReader.Sink() {
            @Override
            public void function(DwarfFunctions.Function f, long[] ranges) {
                out.add(new Object[] {f, ranges});
            }

            @Override
            public void callSite(long returnPc, DwarfFunctions.CallSite site) {
            }
        });
        return out;
    }

    @Test
    void shouldReadDwarf5IndexedFormsRangeListsAndLocationLists() {
        List<Object[]> fns = read(dwarf5(), 0x10000);
        assertEquals(2, fns.size());
        DwarfFunctions.Function f = (DwarfFunctions.Function) fns.get(0)[0];
        assertEquals("f", f.name());
        assertArrayEquals(new long[] {0x11010, 0x11030}, (long[]) fns.get(0)[1]);
        assertEquals(0x11010, f.entry());
        assertEquals(List.of("a", "g"), f.parameters().stream().map(DwarfFunctions.Parameter::name).toList());
        DwarfFunctions.Parameter a = f.parameters().get(0);
        assertEquals(true, a.scalar());
        assertEquals(new DwarfFunctions.Location(0x11010, 0x11018, DwarfFunctions.REGISTER, 5), a.at(0x11010));
        assertEquals(DwarfFunctions.ENTRY_VALUE, a.at(0x11018).kind());
        assertNull(a.at(0x11020));
        assertEquals(false, f.parameters().get(1).scalar());
        DwarfFunctions.Function k = (DwarfFunctions.Function) fns.get(1)[0];
        assertEquals("kk", k.name());
        assertArrayEquals(new long[] {0x11100, 0x11110, 0x11200, 0x11210}, (long[]) fns.get(1)[1]);
        assertEquals(true, k.varargs());
        DwarfFunctions.Parameter c = k.parameters().get(0);
        assertEquals("k", c.name());
        assertEquals("-3", c.format().format(c.at(0x11100).value()));
    }

    @Test
    void shouldRejectAnUnknownFormWithItsNumber() {
        Map<String, ByteBuffer> s = dwarf5();
        ByteBuffer ab = s.get(".debug_abbrev");
        // The compile unit's DW_AT_producer form strx1 (0x25) becomes 0x7f.
        ab.put(4, (byte) 0x7f);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> read(s, 0));
        assertEquals("unsupported form 0x7f", e.getMessage());
    }
}
