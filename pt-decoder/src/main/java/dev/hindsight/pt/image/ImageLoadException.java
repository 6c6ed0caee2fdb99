package dev.hindsight.pt.image;

/**
 * Thrown when a file cannot become part of a memory image: missing, unreadable, a bad range, a
 * malformed {@code --raw}/{@code --elf} argument or a bad ELF file.
 *
 * <p>The message is one line that starts with the file name, e.g.
 * {@code "prog.bin: offset 0x2000 is beyond the end of the file (0x1000 bytes)"}.
 */
public final class ImageLoadException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String file;
    private final String problem;

    /**
     * Creates the exception.
     *
     * @param file the file (or argument) that failed
     * @param problem what is wrong with it
     */
    public ImageLoadException(String file, String problem) {
        super(file + ": " + problem);
        this.file = file;
        this.problem = problem;
    }

    /**
     * Creates the exception for an I/O failure.
     *
     * @param file the file that failed
     * @param problem what is wrong with it
     * @param cause the I/O error
     */
    public ImageLoadException(String file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
        this.file = file;
        this.problem = problem;
    }

    /** The file or argument that failed. */
    public String file() {
        return file;
    }

    /** The problem, without the file name. */
    public String problem() {
        return problem;
    }
}
