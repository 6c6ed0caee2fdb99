package dev.hindsight.history;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the functions with code and their formal parameters from one ELF file's
 * {@code .debug_info} (DWARF 2 to 5, 32- and 64-bit DWARF), for {@link DwarfFunctions}: abbreviations,
 * every attribute form, string and address indexes ({@code .debug_str_offsets},
 * {@code .debug_addr}), range lists ({@code .debug_ranges}, {@code .debug_rnglists}) and location
 * lists ({@code .debug_loc}, {@code .debug_loclists}). Names and types come through
 * {@code DW_AT_abstract_origin} and {@code DW_AT_specification}; parameters only an abstract
 * origin lists are inherited as optimized out, as gdb's {@code inherit_abstract_dies} does.
 */
final class DebugInfoReader {
    /** Receives each function with its address ranges as [begin, end) pairs, and each call site. */
    interface Sink {
        void function(DwarfFunctions.Function function, long[] ranges);

        void callSite(long returnPc, DwarfFunctions.CallSite site);
    }

    // Tags (DWARF 5 §7.5.3).
    private static final int TAG_ARRAY = 0x01;
    private static final int TAG_ENUMERATION = 0x04;
    private static final int TAG_POINTER = 0x0f;
    private static final int TAG_BASE = 0x24;
    private static final int TAG_CLASS = 0x02;
    private static final int TAG_FORMAL_PARAMETER = 0x05;
    private static final int TAG_REFERENCE = 0x10;
    private static final int TAG_COMPILE_UNIT = 0x11;
    private static final int TAG_STRING = 0x12;
    private static final int TAG_STRUCTURE = 0x13;
    private static final int TAG_TYPEDEF = 0x16;
    private static final int TAG_UNION = 0x17;
    private static final int TAG_UNSPECIFIED_PARAMETERS = 0x18;
    private static final int TAG_SET = 0x20;
    private static final int TAG_CONST = 0x26;
    private static final int TAG_SUBPROGRAM = 0x2e;
    private static final int TAG_VOLATILE = 0x35;
    private static final int TAG_RESTRICT = 0x37;
    private static final int TAG_PARTIAL_UNIT = 0x3c;
    private static final int TAG_RVALUE_REFERENCE = 0x42;
    private static final int TAG_ATOMIC = 0x47;
    private static final int TAG_IMMUTABLE = 0x4b;
    private static final int TAG_NAMESPACE = 0x39;
    private static final int TAG_CALL_SITE = 0x48;
    private static final int TAG_CALL_SITE_PARAMETER = 0x49;
    private static final int TAG_GNU_CALL_SITE = 0x4109;
    private static final int TAG_GNU_CALL_SITE_PARAMETER = 0x410a;

    // Attributes.
    private static final int AT_LOCATION = 0x02;
    private static final int AT_NAME = 0x03;
    private static final int AT_LOW_PC = 0x11;
    private static final int AT_HIGH_PC = 0x12;
    private static final int AT_BYTE_SIZE = 0x0b;
    private static final int AT_CONST_VALUE = 0x1c;
    private static final int AT_ENCODING = 0x3e;
    private static final int AT_ABSTRACT_ORIGIN = 0x31;
    private static final int AT_SPECIFICATION = 0x47;
    private static final int AT_TYPE = 0x49;
    private static final int AT_RANGES = 0x55;
    private static final int AT_STR_OFFSETS_BASE = 0x72;
    private static final int AT_ADDR_BASE = 0x73;
    private static final int AT_RNGLISTS_BASE = 0x74;
    private static final int AT_LOCLISTS_BASE = 0x8c;
    private static final int AT_ENTRY_PC = 0x52;
    private static final int AT_LANGUAGE = 0x13;
    private static final int AT_LINKAGE_NAME = 0x6e;
    private static final int AT_MIPS_LINKAGE_NAME = 0x2007;
    private static final int AT_CALL_RETURN_PC = 0x7d;
    private static final int AT_CALL_VALUE = 0x7e;
    private static final int AT_CALL_ORIGIN = 0x7f;
    private static final int AT_GNU_CALL_SITE_VALUE = 0x2111;
    private static final int AT_GNU_CALL_SITE_TARGET = 0x2113;
    private static final int AT_GNU_TAIL_CALL = 0x2115;
    private static final int AT_CALL_TAIL_CALL = 0x82;
    private static final int AT_CALL_TARGET = 0x83;
    private static final int AT_DECLARATION = 0x3c;

    // Forms.
    private static final int FORM_ADDR = 0x01;
    private static final int FORM_BLOCK2 = 0x03;
    private static final int FORM_BLOCK4 = 0x04;
    private static final int FORM_DATA2 = 0x05;
    private static final int FORM_DATA4 = 0x06;
    private static final int FORM_DATA8 = 0x07;
    private static final int FORM_STRING = 0x08;
    private static final int FORM_BLOCK = 0x09;
    private static final int FORM_BLOCK1 = 0x0a;
    private static final int FORM_DATA1 = 0x0b;
    private static final int FORM_FLAG = 0x0c;
    private static final int FORM_SDATA = 0x0d;
    private static final int FORM_STRP = 0x0e;
    private static final int FORM_UDATA = 0x0f;
    private static final int FORM_REF_ADDR = 0x10;
    private static final int FORM_REF1 = 0x11;
    private static final int FORM_REF2 = 0x12;
    private static final int FORM_REF4 = 0x13;
    private static final int FORM_REF8 = 0x14;
    private static final int FORM_REF_UDATA = 0x15;
    private static final int FORM_INDIRECT = 0x16;
    private static final int FORM_SEC_OFFSET = 0x17;
    private static final int FORM_EXPRLOC = 0x18;
    private static final int FORM_FLAG_PRESENT = 0x19;
    private static final int FORM_STRX = 0x1a;
    private static final int FORM_ADDRX = 0x1b;
    private static final int FORM_REF_SUP4 = 0x1c;
    private static final int FORM_STRP_SUP = 0x1d;
    private static final int FORM_DATA16 = 0x1e;
    private static final int FORM_LINE_STRP = 0x1f;
    private static final int FORM_REF_SIG8 = 0x20;
    private static final int FORM_IMPLICIT_CONST = 0x21;
    private static final int FORM_LOCLISTX = 0x22;
    private static final int FORM_RNGLISTX = 0x23;
    private static final int FORM_REF_SUP8 = 0x24;
    private static final int FORM_STRX1 = 0x25;
    private static final int FORM_STRX2 = 0x26;
    private static final int FORM_STRX3 = 0x27;
    private static final int FORM_STRX4 = 0x28;
    private static final int FORM_ADDRX1 = 0x29;
    private static final int FORM_ADDRX2 = 0x2a;
    private static final int FORM_ADDRX3 = 0x2b;
    private static final int FORM_ADDRX4 = 0x2c;
    private static final int FORM_GNU_ADDR_INDEX = 0x1f01;
    private static final int FORM_GNU_STR_INDEX = 0x1f02;
    private static final int FORM_GNU_REF_ALT = 0x1f20;
    private static final int FORM_GNU_STRP_ALT = 0x1f21;

    /** A reference that names no DIE of this file (a type unit, a supplementary file). */
    private static final long FOREIGN = -2;
    static final long NONE = -1;

    private final ByteBuffer info;
    private final ByteBuffer abbrev;
    private final ByteBuffer str;
    private final ByteBuffer lineStr;
    private final ByteBuffer strOffsets;
    private final ByteBuffer addr;
    private final ByteBuffer ranges;
    private final ByteBuffer rnglists;
    private final ByteBuffer loc;
    private final ByteBuffer loclists;
    private final long bias;

    /** Subprograms, parameters and types by section offset, for references across units. */
    private final Map<Long, Node> nodes = new HashMap<>();
    /** Subprograms with code, in order. */
    private final List<Concrete> concrete = new ArrayList<>();
    private final Map<Long, Abbrev[]> abbrevTables = new HashMap<>();

    /** What a subprogram, parameter or type DIE says about itself. */
    private static final class Node {
        final int tag;
        String name;
        String linkageName;
        long type = NONE;
        long origin = NONE;
        long specification = NONE;
        final List<Long> parameters = new ArrayList<>();
        boolean varargs;
        /** gdb's die_is_declaration: DW_AT_declaration without DW_AT_specification. */
        boolean declaration;
        /** Subprograms: the enclosing namespaces and classes as {@code ns::K::}, or {@code null} if local. */
        String scope;
        /** Whether its unit is C++ (names are qualified by their scope). */
        boolean cplus;
        /** Base types: DW_AT_encoding and DW_AT_byte_size. */
        int encoding;
        int byteSize;

        Node(int tag) {
            this.tag = tag;
        }
    }

    /** A subprogram with code and its parameters' locations. */
    private record Concrete(long offset, long[] ranges, long entry, List<Long> parameters,
            List<List<DwarfFunctions.Location>> locations, List<Boolean> computed) {
    }

    /** A call site being read: where it returns, its callee DIE, and its parameters' values. */
    private static final class Site {
        long returnPc;
        long origin;
        /** The callee as a DW_AT_call_target expression: {kind, address} as a target. */
        long[] target;
        boolean tail;
        Concrete caller;
        final java.util.Map<Integer, long[]> values = new HashMap<>();
    }

    private final List<Site> sites = new ArrayList<>();

    /** One abbreviation: tag, children flag, attribute/form pairs and implicit constants. */
    private record Abbrev(int tag, boolean children, int[] attrs, int[] forms, long[] implicit) {
    }

    /** The unit being read: its header and the bases its attributes refer to. */
    static final class Unit {
        long start;
        long end;
        int version;
        int addressSize;
        long strOffsetsBase = 8;
        long addrBase = 8;
        long rnglistsBase = NONE;
        long loclistsBase = NONE;
        long lowPc;
        /** 4 for 32-bit DWARF, 8 for 64-bit DWARF. */
        int offsetSize = 4;
        /** Whether DW_AT_language says C++. */
        boolean cplus;
    }

    /** A section offset of the unit's DWARF format (4 or 8 bytes). */
    private static long offset(ByteBuffer b, Unit u) {
        return u.offsetSize == 8 ? b.getLong() : b.getInt() & 0xffffffffL;
    }

    /** The attributes of one DIE as raw values; blocks and strings as positions. */
    private static final class Die {
        final int[] attr = new int[64];
        final int[] form = new int[64];
        final long[] value = new long[64];
        final int[] blockLength = new int[64];
        int count;

        int find(int a) {
            for (int i = 0; i < count; i++) {
                if (attr[i] == a) {
                    return i;
                }
            }
            return -1;
        }
    }

    private DebugInfoReader(java.util.function.Function<String, ByteBuffer> sections, long bias) {
        this.info = little(sections.apply(".debug_info"));
        this.abbrev = little(sections.apply(".debug_abbrev"));
        this.str = little(sections.apply(".debug_str"));
        this.lineStr = little(sections.apply(".debug_line_str"));
        this.strOffsets = little(sections.apply(".debug_str_offsets"));
        this.addr = little(sections.apply(".debug_addr"));
        this.ranges = little(sections.apply(".debug_ranges"));
        this.rnglists = little(sections.apply(".debug_rnglists"));
        this.loc = little(sections.apply(".debug_loc"));
        this.loclists = little(sections.apply(".debug_loclists"));
        this.bias = bias;
        this.lists = new DwarfLists(addr, ranges, rnglists, loc, loclists, bias);
    }

    private final DwarfLists lists;

    private static ByteBuffer little(ByteBuffer b) {
        return b == null ? null : b.slice().order(ByteOrder.LITTLE_ENDIAN);
    }

    /**
     * Reads {@code elf}'s functions into {@code sink}, addresses moved by {@code bias}.
     *
     * @throws RuntimeException if the debug information is malformed
     */
    static void read(ElfSections elf, long bias, Sink sink) {
        read(elf::section, bias, sink);
    }

    /**
     * Reads the functions of the DWARF sections {@code sections} names ({@code null}: absent)
     * into {@code sink}, addresses moved by {@code bias}.
     *
     * @throws RuntimeException if the debug information is malformed
     */
    static void read(java.util.function.Function<String, ByteBuffer> sections, long bias, Sink sink) {
        DebugInfoReader r = new DebugInfoReader(sections, bias);
        if (r.info == null || r.abbrev == null) {
            return;
        }
        r.readUnits();
        r.emit(sink);
    }

    private void readUnits() {
        ByteBuffer b = info.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        Die die = new Die();
        while (b.remaining() >= 11) {
            Unit u = new Unit();
            u.start = b.position();
            long length = b.getInt() & 0xffffffffL;
            if (length == 0xffffffffL) { // 64-bit DWARF: 8-byte lengths and section offsets
                length = b.getLong();
                u.offsetSize = 8;
                u.strOffsetsBase = 16;
                u.addrBase = 16;
            } else if (length >= 0xfffffff0L) {
                throw new IllegalArgumentException("reserved unit length 0x" + Long.toHexString(length) + " at 0x"
                        + Long.toHexString(u.start));
            }
            u.end = b.position() + length;
            u.version = b.getShort() & 0xffff;
            if (u.version < 2 || u.version > 5) {
                throw new IllegalArgumentException("unsupported version " + u.version + " at 0x" + Long.toHexString(u.start));
            }
            long abbrevOffset;
            int unitType = 1; // DW_UT_compile
            if (u.version >= 5) {
                unitType = b.get() & 0xff;
                u.addressSize = b.get() & 0xff;
                abbrevOffset = offset(b, u);
                if (unitType == 4 || unitType == 5) { // skeleton, split_compile: dwo_id
                    b.getLong();
                } else if (unitType == 2 || unitType == 6) { // type, split_type
                    b.getLong();
                    offset(b, u);
                }
            } else {
                abbrevOffset = offset(b, u);
                u.addressSize = b.get() & 0xff;
            }
            // Type units and split-DWARF skeletons hold no functions with code here.
            if (unitType == 1 || unitType == 3) {
                readUnit(b, u, abbrevs(abbrevOffset), die);
            }
            b.position((int) u.end);
        }
    }

    private void readUnit(ByteBuffer b, Unit u, Abbrev[] table, Die die) {
        Node[] parents = new Node[64];
        Concrete[] parentCode = new Concrete[64];
        Site[] parentSite = new Site[64];
        Concrete[] enclosing = new Concrete[64];
        String[] scopes = new String[64];
        int depth = 0;
        while (b.position() < u.end) {
            long offset = b.position();
            long code = uleb(b);
            if (code == 0) {
                if (depth > 0) {
                    depth--;
                }
                continue;
            }
            Abbrev a = code < table.length ? table[(int) code] : null;
            if (a == null) {
                throw new IllegalArgumentException("unknown abbreviation " + code + " at 0x" + Long.toHexString(offset));
            }
            readAttributes(b, u, a, die);
            Node parent = depth > 0 ? parents[depth - 1] : null;
            Concrete parentConcrete = depth > 0 ? parentCode[depth - 1] : null;
            Site site = depth > 0 ? parentSite[depth - 1] : null;
            Concrete inFunction = depth > 0 ? enclosing[depth - 1] : null;
            String scope = depth > 0 ? scopes[depth - 1] : null;
            Node node = null;
            Concrete code0 = null;
            Site site0 = null;
            switch (a.tag) {
                case TAG_COMPILE_UNIT, TAG_PARTIAL_UNIT -> unitBases(u, die);
                case TAG_SUBPROGRAM -> {
                    node = node(offset, a.tag, u, die);
                    node.scope = scope;
                    node.cplus = u.cplus;
                    long[] r = codeRanges(u, die);
                    if (r != null) {
                        long entry = address(u, die, AT_ENTRY_PC);
                        code0 = new Concrete(offset, r, entry == NONE ? r[0] : entry + bias, new ArrayList<>(),
                                new ArrayList<>(), new ArrayList<>());
                        concrete.add(code0);
                    }
                }
                case TAG_FORMAL_PARAMETER -> {
                    node = node(offset, a.tag, u, die);
                    if (parent != null && parent.tag == TAG_SUBPROGRAM) {
                        parent.parameters.add(offset);
                    }
                    if (parentConcrete != null) {
                        parentConcrete.parameters.add(offset);
                        parentConcrete.locations.add(location(u, die));
                        parentConcrete.computed.add(die.find(AT_LOCATION) >= 0);
                    }
                }
                case TAG_CALL_SITE, TAG_GNU_CALL_SITE -> {
                    long ret = address(u, die, a.tag == TAG_CALL_SITE ? AT_CALL_RETURN_PC : AT_LOW_PC);
                    if (ret != NONE) {
                        site0 = new Site();
                        site0.returnPc = ret + bias;
                        long origin = reference(u, die, AT_CALL_ORIGIN);
                        site0.origin = origin != NONE ? origin : reference(u, die, AT_ABSTRACT_ORIGIN);
                        site0.target = callTarget(u, die);
                        site0.tail = die.find(AT_CALL_TAIL_CALL) >= 0 || die.find(AT_GNU_TAIL_CALL) >= 0;
                        site0.caller = inFunction;
                        sites.add(site0);
                    }
                }
                case TAG_CALL_SITE_PARAMETER, TAG_GNU_CALL_SITE_PARAMETER -> {
                    int l = die.find(AT_LOCATION);
                    int v = die.find(AT_CALL_VALUE) >= 0 ? die.find(AT_CALL_VALUE) : die.find(AT_GNU_CALL_SITE_VALUE);
                    if (site != null && l >= 0 && v >= 0 && isBlock(die.form[l]) && isBlock(die.form[v])) {
                        long[] where = DwarfExpressions.classify(info, (int) die.value[l], die.blockLength[l], false);
                        if (where != null && where[0] == DwarfFunctions.REGISTER) {
                            long[] value = DwarfExpressions.classify(info, (int) die.value[v], die.blockLength[v], true);
                            site.values.put((int) where[1], value == null
                                    ? new long[] {DwarfFunctions.UNAVAILABLE, 0} : value);
                        }
                    }
                }
                case TAG_UNSPECIFIED_PARAMETERS -> {
                    if (parent != null && parent.tag == TAG_SUBPROGRAM) {
                        parent.varargs = true;
                    }
                }
                default -> {
                    if (isTypeTag(a.tag)) {
                        node = node(offset, a.tag, u, die);
                    }
                }
            }
            if (a.children) {
                if (depth == parents.length) {
                    parents = java.util.Arrays.copyOf(parents, depth * 2);
                    parentCode = java.util.Arrays.copyOf(parentCode, depth * 2);
                    parentSite = java.util.Arrays.copyOf(parentSite, depth * 2);
                    enclosing = java.util.Arrays.copyOf(enclosing, depth * 2);
                    scopes = java.util.Arrays.copyOf(scopes, depth * 2);
                }
                // Parameters belong to the subprogram directly above them only.
                parents[depth] = node;
                parentCode[depth] = code0;
                parentSite[depth] = site0;
                enclosing[depth] = code0 != null ? code0 : inFunction;
                scopes[depth] = childScope(a.tag, scope, die, u);
                depth++;
            }
        }
    }

    /**
     * The scope a DIE's children are in, as gdb qualifies C++ names: a unit's is empty, a
     * namespace or class adds its name ({@code (anonymous namespace)} for a nameless namespace);
     * inside functions and nameless classes there is none ({@code null}).
     */
    private String childScope(int tag, String scope, Die die, Unit u) {
        if (tag == TAG_COMPILE_UNIT || tag == TAG_PARTIAL_UNIT) {
            return "";
        }
        if (scope == null || (tag != TAG_NAMESPACE && tag != TAG_CLASS && tag != TAG_STRUCTURE && tag != TAG_UNION)) {
            return null;
        }
        String name = string(u, die, AT_NAME);
        if (name == null) {
            return tag == TAG_NAMESPACE ? scope + "(anonymous namespace)::" : null;
        }
        return scope + name + "::";
    }

    private static boolean isTypeTag(int tag) {
        return switch (tag) {
            case TAG_ARRAY, TAG_CLASS, TAG_REFERENCE, TAG_STRING, TAG_STRUCTURE, TAG_TYPEDEF, TAG_UNION, TAG_SET,
                    TAG_CONST, TAG_VOLATILE, TAG_RESTRICT, TAG_RVALUE_REFERENCE, TAG_ATOMIC, TAG_IMMUTABLE,
                    TAG_BASE, TAG_POINTER, TAG_ENUMERATION -> true;
            default -> false;
        };
    }

    private Node node(long offset, int tag, Unit u, Die die) {
        Node n = new Node(tag);
        n.name = string(u, die, AT_NAME);
        n.linkageName = string(u, die, die.find(AT_LINKAGE_NAME) >= 0 ? AT_LINKAGE_NAME : AT_MIPS_LINKAGE_NAME);
        n.type = reference(u, die, AT_TYPE);
        n.origin = reference(u, die, AT_ABSTRACT_ORIGIN);
        n.specification = reference(u, die, AT_SPECIFICATION);
        n.declaration = die.find(AT_DECLARATION) >= 0 && die.value[die.find(AT_DECLARATION)] != 0
                && n.specification == NONE;
        int i;
        if ((i = die.find(AT_ENCODING)) >= 0) {
            n.encoding = (int) die.value[i];
        }
        if ((i = die.find(AT_BYTE_SIZE)) >= 0) {
            n.byteSize = (int) die.value[i];
        }
        nodes.put(offset, n);
        return n;
    }

    private void unitBases(Unit u, Die die) {
        int i;
        if ((i = die.find(AT_STR_OFFSETS_BASE)) >= 0) {
            u.strOffsetsBase = die.value[i];
        }
        if ((i = die.find(AT_ADDR_BASE)) >= 0) {
            u.addrBase = die.value[i];
        }
        if ((i = die.find(AT_RNGLISTS_BASE)) >= 0) {
            u.rnglistsBase = die.value[i];
        }
        if ((i = die.find(AT_LOCLISTS_BASE)) >= 0) {
            u.loclistsBase = die.value[i];
        }
        long low = address(u, die, AT_LOW_PC);
        u.lowPc = low == NONE ? 0 : low;
        if ((i = die.find(AT_LANGUAGE)) >= 0) {
            long lang = die.value[i];
            // DW_LANG_C_plus_plus, _03, _11, _14
            u.cplus = lang == 0x04 || lang == 0x19 || lang == 0x1a || lang == 0x21;
        }
    }

    // ---------------------------------------------------------------- attributes

    private void readAttributes(ByteBuffer b, Unit u, Abbrev a, Die die) {
        die.count = 0;
        for (int k = 0; k < a.attrs.length; k++) {
            int form = a.forms[k];
            while (form == FORM_INDIRECT) {
                form = (int) uleb(b);
            }
            int i = die.count;
            if (i == die.attr.length) {
                skipForm(b, u, form); // more attributes than any we read: keep only the first 64
                continue;
            }
            die.count++;
            die.attr[i] = a.attrs[k];
            die.form[i] = form;
            die.blockLength[i] = -1;
            die.value[i] = switch (form) {
                case FORM_ADDR -> DwarfLists.readAddress(b, u.addressSize);
                case FORM_DATA1, FORM_REF1, FORM_FLAG, FORM_STRX1, FORM_ADDRX1 -> b.get() & 0xffL;
                case FORM_DATA2, FORM_REF2, FORM_STRX2, FORM_ADDRX2 -> b.getShort() & 0xffffL;
                case FORM_STRX3, FORM_ADDRX3 -> (b.get() & 0xffL) | (b.get() & 0xffL) << 8 | (b.get() & 0xffL) << 16;
                case FORM_DATA4, FORM_REF4, FORM_STRX4, FORM_ADDRX4, FORM_REF_SUP4 -> b.getInt() & 0xffffffffL;
                case FORM_STRP, FORM_LINE_STRP, FORM_SEC_OFFSET, FORM_STRP_SUP, FORM_GNU_REF_ALT, FORM_GNU_STRP_ALT ->
                        offset(b, u);
                case FORM_DATA8, FORM_REF8, FORM_REF_SIG8, FORM_REF_SUP8 -> b.getLong();
                case FORM_REF_ADDR -> u.version == 2 ? DwarfLists.readAddress(b, u.addressSize) : offset(b, u);
                case FORM_SDATA -> sleb(b);
                case FORM_UDATA, FORM_REF_UDATA, FORM_STRX, FORM_ADDRX, FORM_LOCLISTX, FORM_RNGLISTX,
                        FORM_GNU_ADDR_INDEX, FORM_GNU_STR_INDEX -> uleb(b);
                case FORM_IMPLICIT_CONST -> a.implicit[k];
                case FORM_FLAG_PRESENT -> 1L;
                case FORM_DATA16 -> {
                    b.position(b.position() + 16);
                    yield 0L;
                }
                case FORM_STRING -> {
                    long at = b.position();
                    while (b.get() != 0) {
                        // skip to the terminator
                    }
                    yield at;
                }
                case FORM_BLOCK1, FORM_BLOCK2, FORM_BLOCK4, FORM_BLOCK, FORM_EXPRLOC -> {
                    int len = (int) switch (form) {
                        case FORM_BLOCK1 -> b.get() & 0xffL;
                        case FORM_BLOCK2 -> b.getShort() & 0xffffL;
                        case FORM_BLOCK4 -> b.getInt() & 0xffffffffL;
                        default -> uleb(b);
                    };
                    long at = b.position();
                    b.position(b.position() + len);
                    die.blockLength[i] = len;
                    yield at;
                }
                default -> throw new IllegalArgumentException("unsupported form 0x" + Integer.toHexString(form));
            };
        }
    }

    private void skipForm(ByteBuffer b, Unit u, int form) {
        Die scratch = new Die();
        Abbrev one = new Abbrev(0, false, new int[] {0}, new int[] {form}, new long[] {0});
        readAttributes(b, u, one, scratch);
    }

    private static boolean isBlock(int form) {
        return form == FORM_BLOCK1 || form == FORM_BLOCK2 || form == FORM_BLOCK4 || form == FORM_BLOCK
                || form == FORM_EXPRLOC;
    }

    private String string(Unit u, Die die, int attr) {
        int i = die.find(attr);
        if (i < 0) {
            return null;
        }
        long v = die.value[i];
        return switch (die.form[i]) {
            case FORM_STRING -> cstring(info, v);
            case FORM_STRP -> cstring(DwarfLists.need(str, ".debug_str"), v);
            case FORM_LINE_STRP -> cstring(DwarfLists.need(lineStr, ".debug_line_str"), v);
            case FORM_STRX, FORM_STRX1, FORM_STRX2, FORM_STRX3, FORM_STRX4, FORM_GNU_STR_INDEX -> {
                ByteBuffer so = DwarfLists.need(strOffsets, ".debug_str_offsets");
                int at = (int) (u.strOffsetsBase + u.offsetSize * v);
                yield cstring(DwarfLists.need(str, ".debug_str"),
                        u.offsetSize == 8 ? so.getLong(at) : so.getInt(at) & 0xffffffffL);
            }
            default -> null; // a supplementary or alternate file's string
        };
    }

    private long reference(Unit u, Die die, int attr) {
        int i = die.find(attr);
        if (i < 0) {
            return NONE;
        }
        return switch (die.form[i]) {
            case FORM_REF1, FORM_REF2, FORM_REF4, FORM_REF8, FORM_REF_UDATA -> u.start + die.value[i];
            case FORM_REF_ADDR -> die.value[i];
            default -> FOREIGN;
        };
    }

    private long address(Unit u, Die die, int attr) {
        int i = die.find(attr);
        if (i < 0) {
            return NONE;
        }
        return switch (die.form[i]) {
            case FORM_ADDR -> die.value[i];
            case FORM_ADDRX, FORM_ADDRX1, FORM_ADDRX2, FORM_ADDRX3, FORM_ADDRX4, FORM_GNU_ADDR_INDEX ->
                    lists.indexedAddress(u, die.value[i]);
            default -> NONE;
        };
    }

    /**
     * A call site's DW_AT_call_target expression as {kind, address}: a constant address
     * ({@code DW_OP_addr}, {@code DW_OP_addrx}) is the callee's entry; an empty one says
     * nothing; any other reads registers. {@code null} without the attribute.
     */
    private long[] callTarget(Unit u, Die die) {
        int t = die.find(AT_CALL_TARGET) >= 0 ? die.find(AT_CALL_TARGET) : die.find(AT_GNU_CALL_SITE_TARGET);
        if (t < 0) {
            return null;
        }
        int len = die.blockLength[t];
        if (!isBlock(die.form[t]) || len <= 0) {
            return new long[] {DwarfFunctions.TARGET_NONE, 0};
        }
        ByteBuffer b = info.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        b.position((int) die.value[t]);
        int op = b.get() & 0xff;
        if (op == 0x03 && len == 1 + u.addressSize) { // DW_OP_addr
            return new long[] {DwarfFunctions.TARGET_ENTRY, DwarfLists.readAddress(b, u.addressSize) + bias};
        }
        if (op == 0xa1 || op == 0xfb) { // DW_OP_addrx, DW_OP_GNU_addr_index
            long index = uleb(b);
            if (b.position() == (int) die.value[t] + len) {
                return new long[] {DwarfFunctions.TARGET_ENTRY, lists.indexedAddress(u, index) + bias};
            }
        }
        return new long[] {DwarfFunctions.TARGET_UNAVAILABLE, 0};
    }

    // ---------------------------------------------------------------- code ranges

    /** A subprogram's code as biased [begin, end) pairs, or {@code null} if it has none. */
    private long[] codeRanges(Unit u, Die die) {
        long low = address(u, die, AT_LOW_PC);
        int hiAt = die.find(AT_HIGH_PC);
        if (low != NONE && hiAt >= 0) {
            int f = die.form[hiAt];
            long high = f == FORM_ADDR ? die.value[hiAt]
                    : f == FORM_ADDRX || (f >= FORM_ADDRX1 && f <= FORM_ADDRX4) || f == FORM_GNU_ADDR_INDEX
                            ? lists.indexedAddress(u, die.value[hiAt]) : low + die.value[hiAt];
            // gdb ignores a function at 0 (discarded by the linker) where no section starts at 0.
            return low == 0 ? null : new long[] {low + bias, high + bias};
        }
        int r = die.find(AT_RANGES);
        if (r < 0) {
            return null;
        }
        List<Long> out = new ArrayList<>();
        if (u.version >= 5) {
            long offset = die.form[r] == FORM_RNGLISTX ? DwarfLists.listIndex(rnglists, ".debug_rnglists", u, u.rnglistsBase, die.value[r])
                    : die.value[r];
            lists.rnglist(u, offset, out);
        } else {
            lists.rangeList(u, die.value[r], out);
        }
        // As for low_pc: a range at 0 is a discarded function's.
        List<Long> kept = new ArrayList<>();
        for (int i = 0; i + 1 < out.size(); i += 2) {
            if (out.get(i) != 0) {
                kept.add(out.get(i) + bias);
                kept.add(out.get(i + 1) + bias);
            }
        }
        if (kept.isEmpty()) {
            return null;
        }
        return kept.stream().mapToLong(Long::longValue).toArray();
    }

    // ---------------------------------------------------------------- locations

    /**
     * A parameter's locations, biased: one everywhere for an expression or a constant value, the
     * non-empty entries of a location list, none if it has no location (optimized out).
     */
    private List<DwarfFunctions.Location> location(Unit u, Die die) {
        int i = die.find(AT_LOCATION);
        List<DwarfFunctions.Location> out = new ArrayList<>();
        if (i < 0) {
            int c = die.find(AT_CONST_VALUE);
            if (c >= 0) {
                int form = die.form[c];
                if (form == FORM_DATA16 || form == FORM_STRING || form == FORM_STRP || form == FORM_LINE_STRP
                        || form == FORM_STRX || (form >= FORM_STRX1 && form <= FORM_STRX4)) {
                    out.add(DwarfFunctions.Location.everywhere(DwarfFunctions.UNAVAILABLE, 0));
                } else if (isBlock(form)) {
                    long[] bits = DwarfExpressions.blockBits(info, (int) die.value[c], die.blockLength[c]);
                    out.add(bits == null ? DwarfFunctions.Location.everywhere(DwarfFunctions.UNAVAILABLE, 0)
                            : DwarfFunctions.Location.everywhere(DwarfFunctions.CONSTANT, bits[0]));
                } else {
                    out.add(DwarfFunctions.Location.everywhere(DwarfFunctions.CONSTANT, die.value[c]));
                }
            }
            return out;
        }
        int form = die.form[i];
        if (isBlock(form)) {
            long[] k = DwarfExpressions.classify(info, (int) die.value[i], die.blockLength[i], false);
            if (k != null) {
                out.add(DwarfFunctions.Location.everywhere((int) k[0], k[1]));
            }
            return out;
        }
        if (u.version >= 5) {
            long offset = form == FORM_LOCLISTX ? DwarfLists.listIndex(loclists, ".debug_loclists", u, u.loclistsBase, die.value[i])
                    : die.value[i];
            lists.loclist(u, offset, out);
        } else {
            lists.locList(u, die.value[i], out);
        }
        return out;
    }

    // ---------------------------------------------------------------- results

    private void emit(Sink sink) {
        Map<Long, Long> entries = new HashMap<>();
        for (Concrete c : concrete) {
            entries.putIfAbsent(c.offset, c.entry);
        }
        for (Concrete c : concrete) {
            Node fn = nodes.get(c.offset);
            List<DwarfFunctions.Parameter> params = new ArrayList<>();
            java.util.Set<Long> inherited = new java.util.HashSet<>();
            for (int k = 0; k < c.parameters.size(); k++) {
                long p = c.parameters.get(k);
                for (long o = nodes.get(p).origin; o >= 0 && inherited.add(o); o = originOf(o)) {
                    // every abstract parameter this one stands for
                }
                // gdb makes no symbol of a nameless parameter.
                String name = name(p);
                if (name != null) {
                    long type = typeOf(p);
                    params.add(new DwarfFunctions.Parameter(name, scalar(type), format(type),
                            List.copyOf(c.locations.get(k)), c.computed.get(k)));
                }
            }
            // gdb's inherit_abstract_dies: the abstract origin's parameters this instance does
            // not mention are the function's too, without a location.
            boolean varargs = fn.varargs;
            for (long o = fn.origin; o >= 0 && nodes.containsKey(o); o = nodes.get(o).origin) {
                Node abs = nodes.get(o);
                varargs |= abs.varargs;
                for (long p : abs.parameters) {
                    if (inherited.add(p)) {
                        String name = name(p);
                        if (name != null) {
                            long type = typeOf(p);
                            params.add(new DwarfFunctions.Parameter(name, scalar(type), format(type), List.of(), false));
                        }
                    }
                }
            }
            String name = name(c.offset);
            String linkage = linkageName(c.offset);
            sink.function(new DwarfFunctions.Function(name, linkage != null ? linkage : name, c.entry,
                    List.copyOf(params), varargs, printName(c.offset)), c.ranges);
        }
        for (Site s : sites) {
            // gdb's read_call_site_scope: DW_AT_call_target first, then the origin: a definition
            // by its entry, a declaration by its linkage name, anything else says nothing.
            int kind = DwarfFunctions.TARGET_NONE;
            long target = -1;
            String targetName = null;
            if (s.target != null) {
                kind = (int) s.target[0];
                target = s.target[1];
            } else if (s.origin >= 0) {
                Long e = entries.get(s.origin);
                Node n = nodes.get(s.origin);
                if (e != null) {
                    kind = DwarfFunctions.TARGET_ENTRY;
                    target = e;
                } else if (n != null && n.declaration) {
                    targetName = linkageName(s.origin);
                    if (targetName == null) {
                        targetName = name(s.origin);
                    }
                    kind = targetName == null ? DwarfFunctions.TARGET_NONE : DwarfFunctions.TARGET_NAME;
                }
            }
            sink.callSite(s.returnPc, new DwarfFunctions.CallSite(kind, target, targetName,
                    s.caller == null ? -1 : s.caller.entry, s.tail, Map.copyOf(s.values)));
        }
    }

    /**
     * The name gdb prints in a frame for a function: its DWARF name, for C++ qualified by the
     * namespaces and classes its declaration is in ({@code ns::K::get}); {@code null} if unnamed
     * or declared in a local scope.
     */
    private String printName(long offset) {
        boolean cplus = nodes.get(offset).cplus;
        for (int guard = 0; offset >= 0 && guard < 16; guard++) {
            Node n = nodes.get(offset);
            if (n == null) {
                return null;
            }
            if (n.name != null) {
                if (!cplus) {
                    return n.name;
                }
                return n.scope == null ? null : n.scope + n.name;
            }
            offset = n.origin != NONE ? n.origin : n.specification;
        }
        return null;
    }

    /** A DIE's linkage name, through its specification and abstract origin. */
    private String linkageName(long offset) {
        for (int guard = 0; offset >= 0 && guard < 16; guard++) {
            Node n = nodes.get(offset);
            if (n == null) {
                return null;
            }
            if (n.linkageName != null) {
                return n.linkageName;
            }
            offset = n.origin != NONE ? n.origin : n.specification;
        }
        return null;
    }

    private long originOf(long offset) {
        Node n = nodes.get(offset);
        return n == null ? NONE : n.origin;
    }

    /** A DIE's name, through its abstract origin and specification. */
    private String name(long offset) {
        for (int guard = 0; offset >= 0 && guard < 16; guard++) {
            Node n = nodes.get(offset);
            if (n == null) {
                return null;
            }
            if (n.name != null) {
                return n.name;
            }
            offset = n.origin != NONE ? n.origin : n.specification;
        }
        return null;
    }

    private long typeOf(long offset) {
        for (int guard = 0; offset >= 0 && guard < 16; guard++) {
            Node n = nodes.get(offset);
            if (n == null) {
                return NONE;
            }
            if (n.type != NONE) {
                return n.type;
            }
            offset = n.origin != NONE ? n.origin : n.specification;
        }
        return NONE;
    }

    /** How a known value of {@code type} prints: by the base type's encoding and size. */
    private DwarfFunctions.ValueFormat format(long type) {
        Node n = null;
        for (int guard = 0; guard < 64 && type >= 0; guard++) {
            n = nodes.get(type);
            if (n == null || (n.tag != TAG_TYPEDEF && n.tag != TAG_CONST && n.tag != TAG_VOLATILE
                    && n.tag != TAG_RESTRICT && n.tag != TAG_ATOMIC)) {
                break;
            }
            type = n.type;
        }
        if (n == null) {
            return DwarfFunctions.ValueFormat.DEFAULT;
        }
        int size = n.byteSize > 0 ? n.byteSize : 8;
        if (n.tag == TAG_POINTER || n.tag == TAG_REFERENCE || n.tag == TAG_RVALUE_REFERENCE) {
            return new DwarfFunctions.ValueFormat("pointer", size);
        }
        if (n.tag != TAG_BASE) {
            return new DwarfFunctions.ValueFormat("signed", size);
        }
        String kind = switch (n.encoding) {
            case 0x02 -> "bool";
            case 0x04 -> "float";
            case 0x06 -> "char";
            case 0x08 -> "uchar";
            case 0x07, 0x10 -> "unsigned";
            default -> "signed";
        };
        return new DwarfFunctions.ValueFormat(kind, size);
    }

    /** gdb's {@code val_print_scalar_type_p}: through typedefs, qualifiers and references. */
    private boolean scalar(long type) {
        for (int guard = 0; guard < 64; guard++) {
            if (type == FOREIGN) {
                return false; // a type-unit signature: a struct, class, union or enum, mostly aggregates
            }
            Node n = type < 0 ? null : nodes.get(type);
            if (n == null) {
                return true;
            }
            switch (n.tag) {
                case TAG_ARRAY, TAG_CLASS, TAG_STRING, TAG_STRUCTURE, TAG_UNION, TAG_SET -> {
                    return false;
                }
                case TAG_TYPEDEF, TAG_CONST, TAG_VOLATILE, TAG_RESTRICT, TAG_ATOMIC, TAG_IMMUTABLE, TAG_REFERENCE,
                        TAG_RVALUE_REFERENCE -> type = n.type;
                default -> {
                    return true;
                }
            }
        }
        return true;
    }

    // ---------------------------------------------------------------- abbreviations and bytes

    private Abbrev[] abbrevs(long offset) {
        return abbrevTables.computeIfAbsent(offset, o -> {
            ByteBuffer b = abbrev.duplicate().order(ByteOrder.LITTLE_ENDIAN);
            b.position((int) (long) o);
            Abbrev[] t = new Abbrev[64];
            for (;;) {
                long code = uleb(b);
                if (code == 0) {
                    return t;
                }
                int tag = (int) uleb(b);
                boolean children = b.get() != 0;
                List<long[]> specs = new ArrayList<>();
                for (;;) {
                    long at = uleb(b);
                    long form = uleb(b);
                    if (at == 0 && form == 0) {
                        break;
                    }
                    long implicit = form == FORM_IMPLICIT_CONST ? sleb(b) : 0;
                    specs.add(new long[] {at, form, implicit});
                }
                int[] attrs = new int[specs.size()];
                int[] forms = new int[specs.size()];
                long[] imp = new long[specs.size()];
                for (int i = 0; i < attrs.length; i++) {
                    attrs[i] = (int) specs.get(i)[0];
                    forms[i] = (int) specs.get(i)[1];
                    imp[i] = specs.get(i)[2];
                }
                if (code >= t.length) {
                    if (code > 1 << 20) {
                        throw new IllegalArgumentException("abbreviation code " + code + " too large");
                    }
                    t = java.util.Arrays.copyOf(t, (int) Math.max(code + 1, t.length * 2L));
                }
                t[(int) code] = new Abbrev(tag, children, attrs, forms, imp);
            }
        });
    }

    private static String cstring(ByteBuffer sec, long offset) {
        int start = (int) offset;
        int end = start;
        while (sec.get(end) != 0) {
            end++;
        }
        byte[] bytes = new byte[end - start];
        sec.get(start, bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static long uleb(ByteBuffer b) {
        return DwarfExpressions.uleb(b);
    }

    private static long sleb(ByteBuffer b) {
        return DwarfExpressions.sleb(b);
    }
}
