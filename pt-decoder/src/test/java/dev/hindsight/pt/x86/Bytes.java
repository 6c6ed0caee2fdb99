package dev.hindsight.pt.x86;

import java.util.HexFormat;

/** Hand-written instruction bytes for tests: {@code hex("48 89 e5")}. */
final class Bytes {
    private Bytes() {
    }

    static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replace(" ", ""));
    }
}
