package dev.hindsight.collect.pt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hindsight.collect.sys.PerfEventAttr;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PtAttrTest {
    @TempDir
    Path root;

    @Test
    void shouldSetBranchTracingTimingAndUserOnly() throws IOException {
        PtTestSysfs.make(root);
        PtPmu pmu = PtPmu.discover(root);
        PtOptions o = new PtOptions(1 << 20, 16, false, true, 5, true, 3, 2);
        long c = PtAttr.config(pmu, o);
        assertEquals(1L | 1L << 13 | 1L << 10 | 1L << 9 | 3L << 14 | 1L << 1 | 2L << 19 | 5L << 24, c);
        assertEquals(0, c & (1L << 11), "return compression stays on");
        PerfEventAttr a = PtAttr.build(pmu, o);
        assertEquals(8, a.type());
        assertTrue((a.flags() & PerfEventAttr.FLAG_EXCLUDE_KERNEL) != 0);
    }

    @Test
    void shouldRefusePeriodsTheCpuDoesNotOffer() throws IOException {
        PtTestSysfs.make(root);
        PtPmu pmu = PtPmu.discover(root);
        // mtc_periods 0x249 offers 0, 3, 6, 9.
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PtAttr.config(pmu, new PtOptions(1 << 20, 16, false, true, -1, true, 4, -1)));
        assertEquals("mtc_period 4 is not offered by this CPU (caps/mtc_periods = 0x249)",
                e.getMessage());
    }

    /**
     * Compiles a C program that fills a struct perf_event_attr from linux/perf_event.h the way
     * PtAttr does and prints its bytes; ours must be identical, field by field.
     */
    @Test
    void shouldMatchTheKernelHeaderLayout() throws IOException, InterruptedException {
        PtTestSysfs.make(root);
        PtPmu pmu = PtPmu.discover(root);
        PtOptions o = new PtOptions(1 << 20, 16, false, true, 5, true, 3, 2);
        PerfEventAttr a = PtAttr.build(pmu, o).auxWatermark(4096);
        String c = """
                #include <stdio.h>
                #include <string.h>
                #include <linux/perf_event.h>
                int main(void) {
                    struct perf_event_attr a;
                    memset(&a, 0, sizeof a);
                    if (sizeof a != 128) return 2;
                    a.type = 8; a.size = sizeof a; a.config = %dULL;
                    a.sample_type = PERF_SAMPLE_TID | PERF_SAMPLE_TIME;
                    a.disabled = 1; a.exclude_kernel = %d; a.exclude_hv = 1; a.exclude_idle = 1;
                    a.mmap = 1; a.comm = 1; a.task = 1; a.sample_id_all = 1; a.mmap2 = 1;
                    a.aux_watermark = 4096;
                    const unsigned char *p = (const unsigned char *) &a;
                    for (unsigned i = 0; i < sizeof a; i++) printf("%%02x", p[i]);
                    return 0;
                }
                """.formatted(a.config(), 1).replace("%dULL", a.config() + "ULL");
        Path src = root.resolve("attr.c");
        Files.writeString(src, c);
        Path exe = root.resolve("attr");
        Process gcc = new ProcessBuilder("gcc", "-o", exe.toString(), src.toString())
                .redirectErrorStream(true).start();
        String gccOut = new String(gcc.getInputStream().readAllBytes());
        assertTrue(gcc.waitFor(60, TimeUnit.SECONDS) && gcc.exitValue() == 0, gccOut);
        Process run = new ProcessBuilder(exe.toString()).start();
        String hex = new String(run.getInputStream().readAllBytes()).trim();
        assertEquals(0, run.waitFor());
        assertArrayEquals(HexFormat.of().parseHex(hex), a.bytes());
    }
}
