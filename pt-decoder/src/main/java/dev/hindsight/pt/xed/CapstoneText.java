package dev.hindsight.pt.xed;

import dev.hindsight.pt.x86.ExecMode;
import dev.hindsight.pt.x86.disasm.CapstoneDisassembler;
import dev.hindsight.pt.x86.disasm.DisassembledInsn;
import dev.hindsight.pt.x86.disasm.Syntax;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * The ptxed {@link Disassembler} backed by Capstone: one Capstone handle per execution mode
 * and syntax, opened on first use and kept for the run.
 */
public final class CapstoneText implements Disassembler, AutoCloseable {
    private final Map<ExecMode, CapstoneDisassembler> intel = new EnumMap<>(ExecMode.class);
    private final Map<ExecMode, CapstoneDisassembler> att = new EnumMap<>(ExecMode.class);

    /**
     * Opens nothing yet; the first use opens Capstone.
     *
     * @throws dev.hindsight.pt.x86.disasm.DisassemblerUnavailableException on first use if
     *     Capstone is not installed
     */
    public CapstoneText() {
    }

    private CapstoneDisassembler handle(ExecMode mode, boolean useAtt) {
        Map<ExecMode, CapstoneDisassembler> m = useAtt ? att : intel;
        CapstoneDisassembler d = m.get(mode);
        if (d == null) {
            d = CapstoneDisassembler.open(mode, useAtt ? Syntax.ATT : Syntax.INTEL);
            m.put(mode, d);
        }
        return d;
    }

    @Override
    public String text(byte[] raw, int len, long ip, ExecMode mode, boolean useAtt) {
        if (mode == ExecMode.UNKNOWN) {
            return null;
        }
        Optional<DisassembledInsn> insn = handle(mode, useAtt).disassemble(raw, 0, len, ip);
        return insn.map(DisassembledInsn::text).orElse(null);
    }

    @Override
    public int length(byte[] raw, int len, long ip, ExecMode mode) {
        if (mode == ExecMode.UNKNOWN) {
            return -1;
        }
        return handle(mode, false).length(raw, 0, len, ip);
    }

    @Override
    public void close() {
        intel.values().forEach(CapstoneDisassembler::close);
        att.values().forEach(CapstoneDisassembler::close);
        intel.clear();
        att.clear();
    }
}
