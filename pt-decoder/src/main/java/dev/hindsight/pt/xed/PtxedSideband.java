package dev.hindsight.pt.xed;

import dev.hindsight.pt.image.Image;
import dev.hindsight.pt.query.PtEvent;
import java.io.PrintWriter;

/**
 * The sideband hook of a {@link Ptxed} run (libipt's {@code pt_sb_session} as ptxed uses it):
 * told about every event the decoder reports, it prints sideband records up to the event's time
 * and may switch the decoder to another process's image.
 */
public interface PtxedSideband {
    /**
     * Handles a reported event.
     *
     * @param event the event, after ptxed printed it
     * @param out the output
     * @return the image to decode with from now on, or null to keep the current one
     * @throws PtxedException on a sideband error that ends the run
     */
    Image onEvent(PtEvent event, PrintWriter out);
}
