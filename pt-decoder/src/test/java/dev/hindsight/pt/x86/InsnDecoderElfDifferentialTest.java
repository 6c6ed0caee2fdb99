package dev.hindsight.pt.x86;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hindsight.pt.x86.disasm.CapstoneDisassembler;
import dev.hindsight.pt.x86.disasm.DisassembledInsn;
import dev.hindsight.pt.x86.disasm.Syntax;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Decodes every instruction of the executable sections of real 64-bit binaries linearly and
 * compares length, class and direct branch targets with Capstone 4; where Capstone 4 does not
 * know an instruction, length and class with objdump (binutils).
 *
 * <p>Documented kind of difference: Capstone 4.0.2 does not know some instructions that compilers
 * emit today (AVX-512 BW/DQ mask moves such as {@code kmovd}, {@code rdpkru}/{@code wrpkru},
 * some EVEX compares); for those, objdump must give the same length and class. Any other
 * difference fails the test.
 */
class InsnDecoderElfDifferentialTest {

    private static final Path LIBC = Path.of("/lib/x86_64-linux-gnu/libc.so.6");
    private static final Path GDB = Path.of("/usr/bin/gdb");

    @Test
    void shouldAgreeWithCapstoneAndObjdumpOnEveryInstructionOfLibc() throws Exception {
        Report r = compare(LIBC);
        assertTrue(r.instructions > 100_000, r.toString());
    }

    @Test
    void shouldAgreeWithCapstoneAndObjdumpOnEveryInstructionOfGdb() throws Exception {
        Report r = compare(GDB);
        assertTrue(r.instructions > 1_000_000, r.toString());
    }

    /** Counts of one comparison. */
    private static final class Report {
        final String file;
        long instructions;
        long capstoneAgreed;
        long objdumpAgreed;
        long bothInvalid;
        long directBranches;
        final List<String> differences = new ArrayList<>();

        Report(String file) {
            this.file = file;
        }

        @Override
        public String toString() {
            return String.format("%s: %d instructions, %d agree with Capstone (%d direct branch"
                    + " targets too), %d unknown to Capstone agree with objdump, %d bytes invalid"
                    + " for all, %d differences %s", file, instructions, capstoneAgreed,
                    directBranches, objdumpAgreed, bothInvalid, differences.size(),
                    differences.subList(0, Math.min(10, differences.size())));
        }
    }

    private static Report compare(Path file) throws Exception {
        assertTrue(Files.isReadable(file), file + " is missing: the differential test needs it");
        ElfExecutableSections elf = ElfExecutableSections.read(file);
        byte[] data = elf.data();
        Report report = new Report(file.toString());
        DecodedInsn insn = new DecodedInsn();
        List<byte[]> unknown = new ArrayList<>();
        List<String> unknownWhere = new ArrayList<>();
        List<DecodedInsnCopy> unknownOurs = new ArrayList<>();
        try (CapstoneDisassembler cs = CapstoneDisassembler.open(ExecMode.BITS_64, Syntax.ATT)) {
            for (ElfExecutableSections.Section s : elf.sections()) {
                int pos = 0;
                while (pos < s.size()) {
                    int off = s.offset() + pos;
                    int len = Math.min(InsnDecoder.MAX_INSN_SIZE, s.size() - pos);
                    long ip = s.address() + pos;
                    int ours = InsnDecoder.decode(data, off, len, ip, ExecMode.BITS_64, insn);
                    Optional<DisassembledInsn> theirs = cs.disassemble(data, off, len, ip);
                    report.instructions++;
                    String where = s.name() + "+" + Long.toHexString(ip) + " "
                            + HexFormat.of().formatHex(data, off, off + len);
                    if (theirs.isEmpty()) {
                        if (ours < 0) {
                            report.bothInvalid++;
                        } else {
                            unknown.add(Arrays.copyOfRange(data, off, off + len));
                            unknownWhere.add(where);
                            unknownOurs.add(new DecodedInsnCopy(ours, insn.iclass()));
                        }
                    } else {
                        DisassembledInsn c = theirs.get();
                        InsnClass expected = MnemonicClass.of(c.mnemonic());
                        boolean sameTarget = !insn.isDirect()
                                || c.operands().equals("0x" + Long.toHexString(insn.target()));
                        if (ours != c.size() || insn.iclass() != expected || !sameTarget) {
                            report.differences.add(where + ": ours " + ours + "/" + insn.iclass()
                                    + (insn.isDirect() ? " to " + Long.toHexString(insn.target()) : "")
                                    + ", Capstone " + c.size() + "/" + expected + " " + c.text());
                        } else {
                            report.capstoneAgreed++;
                            report.directBranches += insn.isDirect() ? 1 : 0;
                        }
                    }
                    pos += ours > 0 ? ours : theirs.map(DisassembledInsn::size).orElse(1);
                }
            }
        }
        ObjdumpOracle.Result[] od = ObjdumpOracle.decode(unknown, ExecMode.BITS_64);
        for (int i = 0; i < od.length; i++) {
            DecodedInsnCopy ours = unknownOurs.get(i);
            InsnClass expected = MnemonicClass.of(od[i].mnemonic());
            if (od[i].length() == ours.size && expected == ours.iclass) {
                report.objdumpAgreed++;
            } else {
                report.differences.add(unknownWhere.get(i) + ": ours " + ours.size + "/"
                        + ours.iclass + ", Capstone unknown, objdump " + od[i]);
            }
        }
        System.out.println(report);
        assertEquals(List.of(), report.differences, report.toString());
        return report;
    }

    private record DecodedInsnCopy(int size, InsnClass iclass) {
    }
}
