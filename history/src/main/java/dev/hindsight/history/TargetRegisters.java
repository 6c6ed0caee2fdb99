package dev.hindsight.history;

/**
 * The registers of a live, stopped thread, as the layer that talks to the kernel reads them: what
 * {@code print $REG} and {@code info registers} show when not replaying.
 */
@FunctionalInterface
public interface TargetRegisters {
    /**
     * The value of register {@code name} (x86-64 names as gdb's: {@code rax}, {@code rip},
     * {@code eflags}, {@code cs}, {@code fs_base}, ...).
     *
     * @return the value, or {@code null} when the register cannot be read now (the program ended)
     */
    Long value(String name);
}
