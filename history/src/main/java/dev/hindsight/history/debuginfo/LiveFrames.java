package dev.hindsight.history.debuginfo;

import dev.hindsight.history.target.TargetMemory;
import dev.hindsight.history.target.TargetRegisters;
import java.util.ArrayList;
import java.util.List;

/**
 * The stack of a live, stopped thread as gdb sees it when not replaying: frames unwound with the
 * call frame information from the live registers and memory ({@link FrameUnwinder}), unwound as
 * far as asked, and their arguments with the values the registers and memory hold
 * ({@link LiveArguments}).
 */
public final class LiveFrames {
    /** gdb's frame limit is far higher; a corrupt stack must not loop. */
    private static final int MAX_FRAMES = 4096;

    private final FrameUnwinder unwinder;
    private final LiveArguments arguments;
    private final DwarfFunctions functions;
    private final List<LiveFrame> frames = new ArrayList<>();
    /** The last frame the CFI unwinder made (synthetic tail-call frames are not unwound). */
    private LiveFrame lastReal;
    private boolean ended;

    /**
     * The live thread's frames.
     *
     * @param functions the debug information's functions (arguments, frame bases)
     * @param cfi the loaded objects' call frame information
     * @param memory the live process's memory
     * @param registers the live thread's registers
     */
    public LiveFrames(DwarfFunctions functions, CallFrameInfo cfi, TargetMemory memory, TargetRegisters registers) {
        this(functions, cfi, memory, registers, null);
    }

    /**
     * As above, with the symbols pointers are shown with ({@code p=0x4c6110 <vals+8>}).
     *
     * @param symbols the symbols of the loaded objects, or {@code null}
     */
    public LiveFrames(DwarfFunctions functions, CallFrameInfo cfi, TargetMemory memory, TargetRegisters registers,
            SymbolLookup symbols) {
        this.functions = functions;
        this.unwinder = new FrameUnwinder(cfi, memory);
        this.arguments = new LiveArguments(functions, this, memory, symbols);
        LiveFrame first = unwinder.innermost(registers);
        if (first == null) {
            ended = true;
        } else {
            frames.add(first);
            lastReal = first;
        }
    }

    /** Frame {@code level} (0: innermost), or {@code null} if the unwinder does not get that far. */
    LiveFrame frame(int level) {
        while (!ended && frames.size() <= level && frames.size() < MAX_FRAMES) {
            LiveFrame caller = unwinder.caller(lastReal);
            if (caller == null) {
                ended = true;
                break;
            }
            long[] chain = tailCalls(lastReal, caller);
            for (int i = chain.length - 1; i >= 0; i--) {
                // gdb's dwarf2_tailcall_sniffer_first: a frame per function that tail-called on,
                // at the tail call's return pc, with its real caller's registers
                LiveFrame t = new LiveFrame(frames.size(), chain[i]);
                System.arraycopy(caller.registers, 0, t.registers, 0, t.registers.length);
                System.arraycopy(caller.known, 0, t.known, 0, t.known.length);
                t.set(LiveFrame.RIP, chain[i]);
                t.cfa = lastReal.cfa;
                t.tailCall = true;
                frames.add(t);
            }
            caller.level = frames.size();
            frames.add(caller);
            lastReal = caller;
        }
        return level < frames.size() ? frames.get(level) : null;
    }

    /**
     * The return pcs of the tail calls between {@code callee} and its CFI caller, from the
     * caller's side on: the caller's call site calls a function that reached {@code callee}'s
     * only through tail calls. Empty if it calls {@code callee}'s function or nothing tells.
     */
    private long[] tailCalls(LiveFrame callee, LiveFrame caller) {
        DwarfFunctions.Function f = functions.at(callee.addressInBlock());
        DwarfFunctions.CallSite site = functions.callSiteAt(caller.pc);
        long target = site == null ? -1 : functions.targetEntry(site);
        if (f == null || target == -1 || target == f.entry()) {
            return new long[0];
        }
        long[] chain = functions.tailCallChain(target, f.entry());
        return chain == null ? new long[0] : chain;
    }

    /**
     * The pc {@code finish} runs to: the first caller the CFI unwinder found (gdb's finish skips
     * tail-call frames), or -1 if none.
     */
    public long callerPc() {
        for (int level = 1; frame(level) != null; level++) {
            if (!frame(level).tailCall) {
                return frame(level).pc;
            }
        }
        return -1;
    }

    /** The pc of frame {@code level}, or -1 if the unwinder does not get that far. */
    public long pc(int level) {
        LiveFrame f = frame(level);
        return f == null ? -1 : f.pc;
    }

    /**
     * The arguments of frame {@code level} as gdb prints them between a frame line's parentheses,
     * or {@code null} if the unwinder does not get to that frame or cannot compute its CFA.
     */
    public String arguments(int level) {
        LiveFrame f = frame(level);
        if (f == null) {
            return null;
        }
        frame(level + 1); // the frame's CFA is computed with its caller
        return f.cfa == null ? null : arguments.text(f);
    }

    /**
     * What {@code finish} prints as the value the innermost frame's function returned, read
     * from the registers (and memory) now that it has returned ({@link ReturnValue}): {@code null}
     * for a function returning nothing, a value not known here or without debug information.
     *
     * @param function the function that returned
     * @param registers the thread's registers after the return
     * @param symbols the symbols a {@code char *} is shown with, or {@code null}
     */
    public static String returnValue(DwarfFunctions.Function function, TargetRegisters registers,
            TargetMemory memory, SymbolLookup symbols) {
        DwarfFunctions.ValueFormat f = function == null ? null : function.live().returns();
        return f == null ? null : ReturnValue.text(f, function.live().returnType(), registers, memory, symbols);
    }

    FrameUnwinder unwinder() {
        return unwinder;
    }
}
