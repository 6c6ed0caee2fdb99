package dev.hindsight.pt.libipt;

import dev.hindsight.pt.PtError;

/**
 * Walks a whole trace with a {@link LibiptDecoder} the way ptxed does: synchronise, drain
 * pending events, decode, and on an error report it and synchronise onto the next PSB.
 */
public final class LibiptWalk {
    /** What the walk reports. */
    public interface Visitor {
        /** An instruction (insn decoder) or a block (block decoder), read from {@code decoder}. */
        void onRecord(LibiptDecoder decoder);

        /** An event, read from {@code decoder}. */
        default void onEvent(LibiptDecoder decoder) {
        }

        /** A decode error at {@code offset}; decoding resumes at the next PSB. */
        default void onError(int status, long offset) {
        }
    }

    private LibiptWalk() {
    }

    /** Decodes the whole trace; returns the number of errors reported. */
    public static int walk(LibiptDecoder d, Visitor v) {
        int errors = 0;
        long lastErrorOffset = -1;
        for (;;) {
            int st = d.syncForward();
            if (st < 0) {
                if (st == -PtError.EOS.code()) {
                    return errors;
                }
                long at = d.offset();
                errors++;
                v.onError(st, at);
                if (at == lastErrorOffset) {
                    return errors;
                }
                lastErrorOffset = at;
                continue;
            }
            for (;;) {
                while ((st & LibiptDecoder.EVENT_PENDING) != 0) {
                    st = d.event();
                    if (st < 0) {
                        break;
                    }
                    v.onEvent(d);
                }
                if (st < 0 || (st & LibiptDecoder.EOS) != 0) {
                    break;
                }
                st = d.next();
                if (st < 0) {
                    break;
                }
                v.onRecord(d);
            }
            if (st < 0 && st != -PtError.EOS.code()) {
                errors++;
                v.onError(st, d.offset());
            }
        }
    }
}
