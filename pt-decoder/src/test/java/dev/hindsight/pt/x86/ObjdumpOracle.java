package dev.hindsight.pt.x86;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * GNU objdump (binutils) as a second oracle: the length objdump gives the first instruction of
 * each of many byte strings, in one objdump run per 60000 strings.
 *
 * <p>Each string becomes its own section of a throw-away ELF64 relocatable file, because objdump
 * restarts decoding at every section: strings cannot run into each other. Intel64 semantics
 * ({@code -M intel64}) are used, as on the CPUs that have Intel PT.
 */
final class ObjdumpOracle {
    /** The length objdump gives, or this value if it prints {@code (bad)}. */
    static final int BAD = -1;

    /**
     * What objdump makes of one byte string.
     *
     * @param length the first instruction's length, or {@link #BAD}
     * @param mnemonic its AT&amp;T mnemonic without prefixes, empty if bad
     * @param operands the operand text, empty if none or bad
     */
    record Result(int length, String mnemonic, String operands) {
    }

    /** The address every byte string is decoded at. */
    static final long ADDRESS = 0x1000;

    private static final int PER_FILE = 60000;

    // objdump prints prefixes it cannot attach to an instruction as a line of their own.
    private static final java.util.regex.Pattern PREFIXES_ONLY = java.util.regex.Pattern.compile(
            "((rex2?(\\.[WRXB]+)?|\\{rex2?[^}]*\\}|lock|[cdefgs]s|data16|data32|addr16|addr32|"
            + "repz|repnz|rep|bnd|notrack|xacquire|xrelease)\\s*)+");

    private ObjdumpOracle() {
    }

    /**
     * Lengths of the first instruction of each string.
     *
     * @param cases byte strings of up to 15 bytes
     * @param mode the execution mode to decode in
     * @return one result per string
     */
    static Result[] decode(List<byte[]> cases, ExecMode mode) throws IOException, InterruptedException {
        Result[] out = new Result[cases.size()];
        for (int from = 0; from < cases.size(); from += PER_FILE) {
            List<byte[]> chunk = cases.subList(from, Math.min(cases.size(), from + PER_FILE));
            Result[] results = run(chunk, mode);
            System.arraycopy(results, 0, out, from, results.length);
        }
        return out;
    }

    private static Result[] run(List<byte[]> cases, ExecMode mode) throws IOException, InterruptedException {
        Path elf = Files.createTempFile("hindsight-objdump", ".o");
        try {
            Files.write(elf, relocatable(cases));
            String arch = switch (mode) {
                case BITS_16 -> "i8086";
                case BITS_32 -> "i386";
                default -> "x86-64";
            };
            Process p = new ProcessBuilder("objdump", "-d", "-z", "--insn-width=15",
                    "-M", arch + ",intel64", elf.toString())
                    .redirectErrorStream(true).start();
            Result[] results = new Result[cases.size()];
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(),
                    StandardCharsets.UTF_8))) {
                int section = -1;
                boolean seenFirst = false;
                for (String line; (line = r.readLine()) != null;) {
                    if (line.startsWith("Disassembly of section")) {
                        section++;
                        seenFirst = false;
                    } else if (section >= 0 && !seenFirst && line.startsWith("    1000:\t")) {
                        seenFirst = true;
                        String[] parts = line.split("\t");
                        String text = parts.length > 2 ? parts[2].trim() : "";
                        results[section] = text.contains("(bad)") || PREFIXES_ONLY.matcher(text).matches()
                                ? new Result(BAD, "", "")
                                : new Result(parts[1].trim().split(" +").length, mnemonic(text),
                                        operands(text));
                    }
                }
            }
            if (p.waitFor() != 0) {
                throw new IOException("objdump failed with exit code " + p.exitValue());
            }
            for (int i = 0; i < results.length; i++) {
                if (results[i] == null) {
                    throw new IOException("objdump printed nothing for case " + i);
                }
            }
            return results;
        } finally {
            Files.deleteIfExists(elf);
        }
    }

    // An ELF64 relocatable file with one executable section per byte string, all named .text.
    private static byte[] relocatable(List<byte[]> cases) {
        int n = cases.size();
        int dataOff = 64;
        int strOff = dataOff + 16 * n;
        byte[] strtab = "\0.text\0.shstrtab\0".getBytes(StandardCharsets.US_ASCII);
        int shOff = (strOff + strtab.length + 7) & ~7;
        int shnum = n + 2;
        ByteBuffer b = ByteBuffer.allocate(shOff + 64 * shnum).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {0x7f, 'E', 'L', 'F', 2, 1, 1, 0});
        b.position(16);
        b.putShort((short) 1).putShort((short) 62).putInt(1).putLong(0).putLong(0).putLong(shOff)
                .putInt(0).putShort((short) 64).putShort((short) 0).putShort((short) 0)
                .putShort((short) 64).putShort((short) shnum).putShort((short) (shnum - 1));
        for (int i = 0; i < n; i++) {
            b.put(dataOff + 16 * i, cases.get(i));
        }
        b.put(strOff, strtab);
        for (int i = 1; i <= n; i++) {
            int sh = shOff + 64 * i;
            b.putInt(sh, 1).putInt(sh + 4, 1).putLong(sh + 8, 6).putLong(sh + 16, ADDRESS)
                    .putLong(sh + 24, dataOff + 16L * (i - 1)).putLong(sh + 32, cases.get(i - 1).length)
                    .putLong(sh + 48, 1);
        }
        int sh = shOff + 64 * (n + 1);
        b.putInt(sh, 7).putInt(sh + 4, 3).putLong(sh + 24, strOff).putLong(sh + 32, strtab.length)
                .putLong(sh + 48, 1);
        return b.array();
    }

    // What follows the mnemonic: "notrack jmp *%rax" has "*%rax".
    private static String operands(String text) {
        String[] words = text.split("\\s+");
        int i = 0;
        while (i < words.length && PREFIXES_ONLY.matcher(words[i]).matches()) {
            i++;
        }
        return String.join(" ", java.util.Arrays.asList(words).subList(Math.min(i + 1, words.length),
                words.length));
    }

    // The first word that is not a prefix: "notrack jmp *%rax" is jmp.
    private static String mnemonic(String text) {
        for (String word : text.split("\\s+")) {
            if (!PREFIXES_ONLY.matcher(word).matches()) {
                return word;
            }
        }
        return "";
    }
}
