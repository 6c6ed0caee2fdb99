package dev.hindsight.pt.libipt.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Checks every {@link Abi} number against the installed intel-pt.h, compiled with gcc. */
class AbiTest {
    private static final String PROBE = """
            #include <stdio.h>
            #include <stddef.h>
            #include <string.h>
            #include <intel-pt.h>
            #define O(n, s, f) printf(n " %zu\\n", offsetof(struct s, f))
            static int first_set(const void *p, size_t n) {
                const unsigned char *b = p;
                for (size_t i = 0; i < n; i++) if (b[i]) return (int) i;
                return -1;
            }
            int main(void) {
                struct pt_insn insn; struct pt_block block; struct pt_event ev;
                printf("CONFIG_SIZE %zu\\n", sizeof(struct pt_config));
                O("CONFIG_BEGIN", pt_config, begin); O("CONFIG_END", pt_config, end);
                O("CONFIG_CPU", pt_config, cpu); O("CONFIG_ERRATA", pt_config, errata);
                O("CONFIG_CPUID_0X15_EAX", pt_config, cpuid_0x15_eax);
                O("CONFIG_CPUID_0X15_EBX", pt_config, cpuid_0x15_ebx);
                O("CONFIG_MTC_FREQ", pt_config, mtc_freq); O("CONFIG_NOM_FREQ", pt_config, nom_freq);
                O("CONFIG_FLAGS", pt_config, flags); O("CONFIG_ADDR_FILTER", pt_config, addr_filter);
                O("CPU_FAMILY", pt_cpu, family); O("CPU_MODEL", pt_cpu, model); O("CPU_STEPPING", pt_cpu, stepping);
                printf("VENDOR_INTEL %d\\n", (int) pcv_intel);
                printf("INSN_SIZE %zu\\n", sizeof(struct pt_insn));
                O("INSN_ISID", pt_insn, isid); O("INSN_MODE", pt_insn, mode); O("INSN_ICLASS", pt_insn, iclass);
                O("INSN_RAW", pt_insn, raw); O("INSN_LENGTH", pt_insn, size);
                memset(&insn, 0, sizeof(insn)); insn.speculative = 1;
                printf("INSN_FLAGS %d\\n", first_set(&insn, sizeof(insn)));
                printf("BLOCK_SIZE %zu\\n", sizeof(struct pt_block));
                O("BLOCK_END_IP", pt_block, end_ip); O("BLOCK_ISID", pt_block, isid); O("BLOCK_MODE", pt_block, mode);
                O("BLOCK_ICLASS", pt_block, iclass); O("BLOCK_NINSN", pt_block, ninsn); O("BLOCK_RAW", pt_block, raw);
                O("BLOCK_LENGTH", pt_block, size);
                memset(&block, 0, sizeof(block)); block.speculative = 1;
                printf("BLOCK_FLAGS %d\\n", first_set(&block, sizeof(block)));
                printf("EVENT_SIZE %zu\\n", sizeof(struct pt_event));
                memset(&ev, 0, sizeof(ev)); ev.ip_suppressed = 1;
                printf("EVENT_FLAGS %d\\n", first_set(&ev, sizeof(ev)));
                O("EVENT_TSC", pt_event, tsc); O("EVENT_LOST_MTC", pt_event, lost_mtc);
                O("EVENT_LOST_CYC", pt_event, lost_cyc); O("EVENT_VARIANT", pt_event, variant);
                return 0;
            }
            """;

    @Test
    void shouldMatchTheInstalledHeader(@TempDir Path dir) throws IOException, InterruptedException {
        Path src = Files.writeString(dir.resolve("probe.c"), PROBE);
        Path exe = dir.resolve("probe");
        run(dir, List.of("gcc", "-o", exe.toString(), src.toString()));
        Map<String, Integer> actual = new HashMap<>();
        for (String line : run(dir, List.of(exe.toString())).split("\n")) {
            String[] kv = line.trim().split(" ");
            actual.put(kv[0], Integer.parseInt(kv[1]));
        }
        for (String name : actual.keySet()) {
            try {
                int expected = Abi.class.getField(name).getInt(null);
                assertEquals(actual.get(name), expected, name);
            } catch (ReflectiveOperationException e) {
                throw new AssertionError("Abi has no constant " + name, e);
            }
        }
        assertEquals(37, actual.size(), "every probed constant was compared");
    }

    private static String run(Path dir, List<String> cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), String.join(" ", cmd) + ":\n" + out);
        return out;
    }
}
