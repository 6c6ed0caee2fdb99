package dev.hindsight.pt.libipt;

import dev.hindsight.pt.query.EventType;
import dev.hindsight.pt.x86.ExecMode;
import dev.hindsight.pt.query.PtEvent;

/**
 * Copies a libipt 2.0.5 {@code struct pt_event} into Hindsight's {@link PtEvent}, so events of
 * both backends print through the same code. The variant offsets are those of the 2.0.5 header
 * (checked by {@code AbiTest} for the common part).
 */
final class LibiptEvents {
    private static final ExecMode[] MODES = {ExecMode.UNKNOWN, ExecMode.BITS_16, ExecMode.BITS_32, ExecMode.BITS_64};

    private LibiptEvents() {
    }

    /**
     * Copies the event {@code d} fetched last into {@code out}.
     *
     * @return 0, or {@code -PtError.INTERNAL.code()} for an event type newer than 2.0.5
     */
    static int copy(LibiptDecoder d, PtEvent out) {
        LibiptEventType type = d.eventType();
        if (type == null) {
            return -dev.hindsight.pt.PtError.INTERNAL.code();
        }
        out.clear();
        out.type(EventType.valueOf(type.name()))
                .ipSuppressed(d.eventIpSuppressed())
                .statusUpdate(d.eventStatusUpdate())
                .hasTsc(d.eventHasTsc())
                .tsc(d.eventTsc());
        switch (type) {
            case ENABLED -> out.ip(d.variantLong(0)).resumed((d.variantByte(8) & 1) != 0);
            case DISABLED, OVERFLOW, EXSTOP, TICK -> out.ip(d.variantLong(0));
            case ASYNC_DISABLED -> out.at(d.variantLong(0)).ip(d.variantLong(8));
            case ASYNC_BRANCH -> out.from(d.variantLong(0)).to(d.variantLong(8));
            case PAGING -> out.cr3(d.variantLong(0)).nonRoot((d.variantByte(8) & 1) != 0);
            case ASYNC_PAGING -> out.cr3(d.variantLong(0)).nonRoot((d.variantByte(8) & 1) != 0)
                    .ip(d.variantLong(16));
            case EXEC_MODE -> out.execMode(mode(d.variantInt(0))).ip(d.variantLong(8));
            case TSX -> out.ip(d.variantLong(0)).speculative((d.variantByte(8) & 1) != 0)
                    .aborted((d.variantByte(8) & 2) != 0);
            case VMCS -> out.base(d.variantLong(0));
            case ASYNC_VMCS -> out.base(d.variantLong(0)).ip(d.variantLong(8));
            case MWAIT -> out.ip(d.variantLong(0)).hints(d.variantInt(8)).ext(d.variantInt(12));
            case PWRE -> out.state(d.variantByte(0)).subState(d.variantByte(1))
                    .hw((d.variantByte(2) & 1) != 0);
            case PWRX -> out.last(d.variantByte(0)).deepest(d.variantByte(1))
                    .wakeInterrupt((d.variantByte(2) & 1) != 0)
                    .wakeStore((d.variantByte(2) & 2) != 0)
                    .wakeAutonomous((d.variantByte(2) & 4) != 0);
            case PTWRITE -> out.ip(d.variantLong(0)).size(d.variantByte(8)).payload(d.variantLong(16));
            case CBR -> out.ratio(d.variantInt(0) & 0xffff);
            case MNT -> out.payload(d.variantLong(0));
            case STOP -> {
            }
            default -> throw new AssertionError(type);
        }
        return 0;
    }

    /** libipt's {@code enum pt_exec_mode} value (unknown, 16, 32, 64-bit) as Hindsight's mode. */
    static ExecMode mode(int value) {
        return value >= 0 && value < MODES.length ? MODES[value] : ExecMode.UNKNOWN;
    }


    /** libipt 2.0.5's {@code enum pt_insn_class} value (ptic_error first) as Hindsight's class. */
    static dev.hindsight.pt.x86.InsnClass iclass(int value) {
        // 2.0.5 has ptic_error where master has ptic_unknown, then the same order up to ptwrite.
        dev.hindsight.pt.x86.InsnClass[] all = dev.hindsight.pt.x86.InsnClass.values();
        return value > 0 && value < all.length ? all[value] : dev.hindsight.pt.x86.InsnClass.UNKNOWN;
    }
}
