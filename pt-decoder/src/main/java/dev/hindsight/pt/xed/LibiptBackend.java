package dev.hindsight.pt.xed;

import dev.hindsight.errata.CpuId;
import dev.hindsight.pt.image.Image;
import dev.hindsight.pt.libipt.FileRange;
import dev.hindsight.pt.libipt.LibiptDecoder;
import dev.hindsight.pt.libipt.LibiptOptions;
import dev.hindsight.pt.query.AddressFilter;
import java.nio.ByteBuffer;

/**
 * Configures libipt 2.0.5 for a {@link Ptxed} run with {@code --decoder libipt}: the same trace,
 * the same image (as file ranges) and the same {@code struct pt_config} settings.
 *
 * <p>Options that libipt 2.0.5 does not have are refused up front, naming the option, rather than
 * silently decoding something else.
 */
final class LibiptBackend {
    private LibiptBackend() {
    }

    static LibiptDecoder open(PtxedOptions options, ByteBuffer trace, Image image, boolean block) {
        refuse(options, PtxedOptions.RESYNC_ON_ERROR, "--resync-on-error");
        refuse(options, PtxedOptions.EVENT_IFLAGS, "--event:iflags");
        refuse(options, PtxedOptions.INSN_KEEP_TCAL, "--insn:keep-tcal-on-ovf");
        refuse(options, PtxedOptions.BLOCK_KEEP_TCAL, "--block:keep-tcal-on-ovf");
        if (!options.sideband().isEmpty()) {
            throw unsupported(options.sideband().get(0));
        }
        CpuId cpu = options.cpu();
        AddressFilter filter = options.filter();
        long[] bounds = new long[2 * AddressFilter.RANGES];
        for (int n = 0; n < AddressFilter.RANGES; n++) {
            bounds[2 * n] = filter.a(n);
            bounds[2 * n + 1] = filter.b(n);
        }
        LibiptOptions config = new LibiptOptions(block,
                cpu != null && cpu.isIntel() ? cpu.family() : -1,
                cpu != null ? cpu.model() : 0, cpu != null ? cpu.stepping() : 0,
                options.mtcFreq(), options.nomFreq(), (int) options.cpuid15Eax(), (int) options.cpuid15Ebx(),
                options.has(PtxedOptions.END_ON_CALL), options.has(PtxedOptions.END_ON_JUMP),
                options.has(PtxedOptions.EVENT_TICK), (int) filter.addrCfg(), bounds);
        try {
            return LibiptDecoder.open(trace, FileRange.of(image), config);
        } catch (IllegalStateException | IllegalArgumentException e) {
            throw new PtxedException("--decoder libipt: " + e.getMessage());
        }
    }

    private static void refuse(PtxedOptions options, int flag, String name) {
        if (options.has(flag)) {
            throw unsupported(name);
        }
    }

    private static PtxedException unsupported(String option) {
        return new PtxedException("--decoder libipt: libipt 2.0.5 does not support " + option);
    }
}
