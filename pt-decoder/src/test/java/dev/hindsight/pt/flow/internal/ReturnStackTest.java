package dev.hindsight.pt.flow.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hindsight.pt.PtError;
import org.junit.jupiter.api.Test;

class ReturnStackTest {
    private final ReturnStack stack = new ReturnStack();
    private final long[] out = new long[1];

    @Test
    void shouldReportEmptyOnPopWithoutPush() {
        assertEquals(-PtError.RETSTACK_EMPTY.code(), stack.pop(out));
    }

    @Test
    void shouldPopInReverseOrder() {
        stack.push(0x10);
        stack.push(0x20);
        assertEquals(0, stack.pop(out));
        assertEquals(0x20, out[0]);
        assertEquals(0, stack.pop(out));
        assertEquals(0x10, out[0]);
        assertTrue(stack.isEmpty());
    }

    @Test
    void shouldDropOldestWhenFull() {
        for (int i = 0; i <= ReturnStack.CAPACITY; i++) {
            stack.push(i);
        }
        for (int i = ReturnStack.CAPACITY; i >= 1; i--) {
            assertEquals(0, stack.pop(out));
            assertEquals(i, out[0]);
        }
        assertEquals(-PtError.RETSTACK_EMPTY.code(), stack.pop(out));
    }

    @Test
    void shouldCopyAnotherStack() {
        ReturnStack other = new ReturnStack();
        other.push(7);
        stack.copyFrom(other);
        other.clear();
        assertEquals(0, stack.pop(out));
        assertEquals(7, out[0]);
    }

    @Test
    void shouldCountPushesAndPeekWithoutPopping() {
        int before = stack.pushes();
        for (int i = 1; i <= ReturnStack.CAPACITY + 2; i++) {
            stack.push(i);
        }
        assertEquals(ReturnStack.CAPACITY + 2, stack.pushes() - before);
        assertEquals(ReturnStack.CAPACITY + 2, stack.peek(0));
        assertEquals(ReturnStack.CAPACITY - 1, stack.peek(3));
        assertEquals(0, stack.pop(out));
        assertEquals(ReturnStack.CAPACITY + 2, out[0]);
    }
}
