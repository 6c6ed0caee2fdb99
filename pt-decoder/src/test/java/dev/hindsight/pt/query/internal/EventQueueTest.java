package dev.hindsight.pt.query.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hindsight.pt.query.EventType;
import dev.hindsight.pt.query.PtEvent;
import org.junit.jupiter.api.Test;

class EventQueueTest {

    @Test
    void shouldDequeueInOrderPerBinding() {
        EventQueue q = new EventQueue();
        q.enqueue(EventBinding.TIP).type(EventType.EXEC_MODE);
        q.enqueue(EventBinding.FUP).type(EventType.TSX);
        q.enqueue(EventBinding.TIP).type(EventType.ASYNC_PAGING);

        assertEquals(EventType.TSX, q.dequeue(EventBinding.FUP).type());
        assertEquals(EventType.EXEC_MODE, q.dequeue(EventBinding.TIP).type());
        assertEquals(EventType.ASYNC_PAGING, q.dequeue(EventBinding.TIP).type());
        assertNull(q.dequeue(EventBinding.TIP));
        assertEquals(0, q.size());
    }

    @Test
    void shouldKeepOrderOfOthersWhenDequeuingFromTheMiddle() {
        EventQueue q = new EventQueue();
        q.enqueue(EventBinding.TIP).type(EventType.EXEC_MODE);
        q.enqueue(EventBinding.TIP).type(EventType.IFLAGS);
        q.enqueue(EventBinding.FUP).type(EventType.TSX);
        q.enqueue(EventBinding.TIP).type(EventType.ASYNC_VMCS);

        assertEquals(EventType.TSX, q.dequeue(EventBinding.FUP).type());
        assertEquals(EventType.EXEC_MODE, q.dequeue(EventBinding.TIP).type());
        assertEquals(EventType.IFLAGS, q.dequeue(EventBinding.TIP).type());
        assertEquals(EventType.ASYNC_VMCS, q.dequeue(EventBinding.TIP).type());
    }

    @Test
    void shouldClearEnqueuedEvents() {
        EventQueue q = new EventQueue();
        q.enqueue(EventBinding.TIP).ip(0x1234).ipSuppressed(true);
        q.dequeue(EventBinding.TIP);
        PtEvent ev = q.enqueue(EventBinding.TIP);
        assertEquals(0, ev.ip());
        assertFalse(ev.ipSuppressed());
    }

    @Test
    void shouldRefuseWhenFullLeavingAGap() {
        EventQueue q = new EventQueue();
        for (int i = 0; i < EventQueue.CAPACITY - 2; i++) {
            assertNotNull(q.enqueue(EventBinding.FUP), "event " + i);
        }
        assertNull(q.enqueue(EventBinding.FUP));
        assertEquals(EventQueue.CAPACITY - 2, q.size());
    }

    @Test
    void shouldKeepDequeuedEventValidUntilNextDequeue() {
        EventQueue q = new EventQueue();
        q.enqueue(EventBinding.FUP).type(EventType.PTWRITE).payload(42);
        PtEvent ev = q.dequeue(EventBinding.FUP);
        for (int i = 0; i < EventQueue.CAPACITY - 2; i++) {
            q.enqueue(EventBinding.TIP).type(EventType.EXEC_MODE);
        }
        assertEquals(EventType.PTWRITE, ev.type());
        assertEquals(42, ev.payload());
    }

    @Test
    void shouldFindAndPeekWithoutRemoving() {
        EventQueue q = new EventQueue();
        q.enqueue(EventBinding.TIP).type(EventType.EXEC_MODE);
        PtEvent async = q.enqueue(EventBinding.TIP).type(EventType.ASYNC_BRANCH);
        assertSame(async, q.find(EventBinding.TIP, EventType.ASYNC_BRANCH));
        assertNull(q.find(EventBinding.FUP, EventType.ASYNC_BRANCH));
        assertEquals(EventType.EXEC_MODE, q.peek(EventBinding.TIP).type());
        assertNull(q.peek(EventBinding.CFE));
        assertTrue(q.pending(EventBinding.TIP));
        assertFalse(q.pending(EventBinding.PSBEND));
        assertEquals(2, q.size());
    }

    @Test
    void shouldRequeueACopy() {
        EventQueue q = new EventQueue();
        PtEvent standalone = q.standalone().type(EventType.INTERRUPT).vector(14);
        PtEvent queued = q.requeue(standalone, EventBinding.FUP_BOUND);
        standalone.clear();
        assertEquals(EventType.INTERRUPT, queued.type());
        assertEquals(14, queued.vector());
        assertSame(queued, q.dequeue(EventBinding.FUP | EventBinding.FUP_BOUND));
    }

    @Test
    void shouldDequeueTheFirstSelectedEvent() {
        EventQueue q = new EventQueue();
        q.enqueue(EventBinding.FUP_BOUND).type(EventType.PTWRITE);
        q.enqueue(EventBinding.PWRX).type(EventType.PWRE);
        q.enqueue(EventBinding.FUP_BOUND).type(EventType.MWAIT);
        EventQueue.Selector mwait = (binding, ev) -> ev.type() == EventType.MWAIT;
        assertEquals(EventType.MWAIT, q.dequeue(mwait).type());
        assertNull(q.dequeue(mwait));
        assertEquals(EventType.PTWRITE, q.dequeue(EventBinding.ALL).type());
        assertEquals(EventType.PWRE, q.dequeue((binding, ev) -> binding == EventBinding.PWRX).type());
        assertEquals(0, q.size());
    }

    @Test
    void shouldEmptyOnClear() {
        EventQueue q = new EventQueue();
        q.enqueue(EventBinding.PSBEND);
        q.clear();
        assertEquals(0, q.size());
        assertFalse(q.pending(EventBinding.ALL));
    }
}
