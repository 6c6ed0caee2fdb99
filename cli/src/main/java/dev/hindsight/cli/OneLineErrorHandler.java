package dev.hindsight.cli;

import dev.hindsight.pt.image.ImageLoadException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Turns any exception a command throws into one line on standard error and an exit code, so the
 * user never sees a stack trace. {@code HINDSIGHT_DEBUG=1} adds the trace for developers.
 */
final class OneLineErrorHandler implements IExecutionExceptionHandler {
    @Override
    public int handleExecutionException(Exception ex, CommandLine cl, ParseResult parsed) {
        cl.getErr().println("hindsight: " + describe(ex));
        if (System.getenv("HINDSIGHT_DEBUG") != null) {
            ex.printStackTrace(cl.getErr());
        }
        cl.getErr().flush();
        return ex instanceof UserError u ? u.exitCode() : ExitCodes.FAILURE;
    }

    static String describe(Throwable ex) {
        Throwable t = ex instanceof UncheckedIOException u ? u.getCause() : ex;
        if (t instanceof NoSuchFileException n) {
            return n.getFile() + ": no such file";
        }
        if (t instanceof AccessDeniedException a) {
            return a.getFile() + ": permission denied";
        }
        // These messages already name the file and the problem in one line.
        if (t instanceof IOException || t instanceof UserError || t instanceof ImageLoadException) {
            return t.getMessage();
        }
        String m = t.getMessage();
        return t.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    }
}
