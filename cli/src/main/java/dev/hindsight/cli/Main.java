package dev.hindsight.cli;

import java.io.BufferedWriter;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/** The process entry point. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        // Listings run to millions of lines: write through one large buffer, flushed at exit.
        PrintWriter out = new PrintWriter(new BufferedWriter(new OutputStreamWriter(
                new FileOutputStream(FileDescriptor.out), StandardCharsets.UTF_8), 1 << 16), false);
        PrintWriter err = new PrintWriter(System.err, true);
        int code = Hindsight.commandLine(out, err).execute(args);
        out.flush();
        System.exit(code);
    }
}
