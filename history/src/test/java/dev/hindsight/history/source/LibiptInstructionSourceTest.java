package dev.hindsight.history.source;

import dev.hindsight.history.TraceInput;

/** PT histories through libipt 2.0.5 (JNA): libipt conformance traces and real (libxdc) traces. */
class LibiptInstructionSourceTest extends PtInstructionSourceContract {
    @Override
    TraceInput input() {
        return new TraceInput().libipt(true);
    }

    @Override
    String overflowOffset() {
        return "0x28";
    }

    @Override
    String decodeErrorOffset() {
        return "0x24";
    }
}
