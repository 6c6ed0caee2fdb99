package dev.hindsight.pt.flow;

import dev.hindsight.pt.image.Image;
import dev.hindsight.pt.image.Section;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;

/** Hand-built Intel PT packets (SDM 33.4) and code images for flow decoder tests. */
final class Trace {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    Trace bytes(int... b) {
        for (int x : b) {
            out.write(x);
        }
        return this;
    }

    /** PSB, MODE.Exec 64-bit, FUP with the full IP, PSBEND: tracing enabled at ip. */
    Trace psb(long ip) {
        for (int i = 0; i < 8; i++) {
            bytes(0x02, 0x82);
        }
        fup(ip);
        bytes(0x99, 0x01);
        return bytes(0x02, 0x23);
    }

    /** FUP with a 6-byte IP (IPBytes 3). */
    Trace fup(long ip) {
        return ip(0x1d, ip);
    }

    /** TIP with a 6-byte IP. */
    Trace tip(long ip) {
        return ip(0x0d, ip);
    }

    /** TIP.PGE with a 6-byte IP. */
    Trace tipPge(long ip) {
        return ip(0x11, ip);
    }

    /** TIP.PGD without IP. */
    Trace tipPgd() {
        return bytes(0x01);
    }

    /** TIP.PGD with a 6-byte IP. */
    Trace tipPgd(long ip) {
        return ip(0x01, ip);
    }

    /** A short TNT; {@code taken} oldest first, at most 6. */
    Trace tnt(boolean... taken) {
        int v = 1;
        for (boolean t : taken) {
            v = (v << 1) | (t ? 1 : 0);
        }
        return bytes(v << 1);
    }

    private Trace ip(int opcode, long ip) {
        bytes(opcode | (3 << 5));
        for (int i = 0; i < 6; i++) {
            bytes((int) (ip >>> (8 * i)) & 0xff);
        }
        return this;
    }

    ByteBuffer buffer() {
        return ByteBuffer.wrap(out.toByteArray());
    }

    /** An image with {@code code} at {@code base}. */
    static Image image(long base, int... code) {
        byte[] b = new byte[code.length];
        for (int i = 0; i < code.length; i++) {
            b[i] = (byte) code[i];
        }
        Image image = new Image("test");
        image.add(Section.ofBytes("code", b), base);
        return image;
    }
}
