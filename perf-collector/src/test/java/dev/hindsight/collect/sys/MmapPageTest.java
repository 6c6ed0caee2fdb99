package dev.hindsight.collect.sys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MmapPageTest {
    @TempDir
    Path dir;

    /** Compiles a C probe against linux/perf_event.h and compares every offset we use. */
    @Test
    void shouldMatchTheKernelHeaderOffsets() throws IOException, InterruptedException {
        String c = """
                #include <stdio.h>
                #include <stddef.h>
                #include <linux/perf_event.h>
                #define O(f) printf("%zu\\n", offsetof(struct perf_event_mmap_page, f))
                #define A(f) printf("%zu\\n", offsetof(struct perf_event_attr, f))
                int main(void) {
                    O(time_shift); O(time_mult); O(time_zero); O(data_head); O(data_tail);
                    O(data_offset); O(data_size); O(aux_head); O(aux_tail); O(aux_offset);
                    O(aux_size);
                    A(type); A(size); A(config); A(sample_period); A(sample_type);
                    A(wakeup_events); A(aux_watermark);
                    printf("%zu\\n", sizeof(struct perf_event_attr));
                    return 0;
                }
                """;
        Path src = dir.resolve("page.c");
        Files.writeString(src, c);
        Path exe = dir.resolve("page");
        Process gcc = new ProcessBuilder("gcc", "-o", exe.toString(), src.toString())
                .redirectErrorStream(true).start();
        String gccOut = new String(gcc.getInputStream().readAllBytes());
        assertTrue(gcc.waitFor(60, TimeUnit.SECONDS) && gcc.exitValue() == 0, gccOut);
        Process run = new ProcessBuilder(exe.toString()).start();
        String[] got = new String(run.getInputStream().readAllBytes()).trim().split("\n");
        assertEquals(0, run.waitFor());
        long[] want = {MmapPage.TIME_SHIFT, MmapPage.TIME_MULT, MmapPage.TIME_ZERO,
            MmapPage.DATA_HEAD, MmapPage.DATA_TAIL, MmapPage.DATA_OFFSET, MmapPage.DATA_SIZE,
            MmapPage.AUX_HEAD, MmapPage.AUX_TAIL, MmapPage.AUX_OFFSET, MmapPage.AUX_SIZE,
            0, 4, 8, 16, 24, 48, PerfEventAttr.AUX_WATERMARK, PerfEventAttr.SIZE};
        assertEquals(want.length, got.length);
        for (int i = 0; i < want.length; i++) {
            assertEquals(want[i], Long.parseLong(got[i]), "field " + i);
        }
    }
}
