package dev.hindsight.cli.command;

import dev.hindsight.cli.Hindsight;
import dev.hindsight.pt.image.Image;
import dev.hindsight.pt.image.SectionCache;
import dev.hindsight.pt.query.PtEvent;
import dev.hindsight.pt.sideband.ProcessContext;
import dev.hindsight.pt.sideband.SidebandDiagnostics;
import dev.hindsight.pt.sideband.SidebandEvent;
import dev.hindsight.pt.sideband.SidebandSession;
import dev.hindsight.pt.xed.PtxedSideband;
import java.io.PrintWriter;

/**
 * ptxed's perf_event sideband (libipt's {@code ptxed_sb_event}): every decoder event goes to the
 * sideband session, which prints the records due by then and may switch the decoder to another
 * process's image. Sideband warnings print as {@code [<file>:<offset> sideband warning: ...]};
 * with {@code --sb:switch}, each switch prints {@code [context: <name>]}.
 */
final class SidebandXedHook implements PtxedSideband {
    private final SidebandOptions options;
    private final Hindsight root;
    private final PrintWriter out;
    private final SidebandEvent holder = new SidebandEvent();
    private SidebandSession session;

    private SidebandXedHook(SidebandOptions options, Hindsight root, PrintWriter out) {
        this.options = options;
        this.root = root;
        this.out = out;
    }

    /** The hook for these options, or null when no sideband file was given. */
    static SidebandXedHook of(SidebandOptions options, Hindsight root, PrintWriter out) {
        return options.active() ? new SidebandXedHook(options, root, out) : null;
    }

    /**
     * Loads the sideband files, mapping process images through the decoder's section cache (so
     * instructions read from them carry isids, as {@code --check} expects).
     */
    void open(SectionCache cache) {
        session = options.open(root, cache, SidebandDiagnostics.ptxed(out, options.warnings()));
        if (options.switches()) {
            session.onSwitch(context -> out.println("[context: " + context.name() + "]"));
        }
    }

    @Override
    public Image onEvent(PtEvent event, PrintWriter printer) {
        ProcessContext switched = session.event(holder.from(event), printer,
                options.printFlags());
        return switched == null ? null : switched.image();
    }
}
