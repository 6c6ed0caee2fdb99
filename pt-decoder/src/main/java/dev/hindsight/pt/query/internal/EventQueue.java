package dev.hindsight.pt.query.internal;

import dev.hindsight.pt.query.EventType;
import dev.hindsight.pt.query.PtEvent;

/**
 * A fixed-size queue of pending events, each with the {@link EventBinding} of the packet it waits
 * for, plus one standalone event slot; libipt's {@code pt_event_queue}.
 *
 * <p>Events are preallocated and reused. A dequeued event stays valid until the next enqueue
 * after the next dequeue: like libipt, the queue keeps a one-slot gap behind its head. Dequeuing
 * by binding takes the first matching event and keeps the order of the others.
 */
public final class EventQueue {
    /** The capacity (libipt's {@code evq_max}); one slot is kept as gap. */
    public static final int CAPACITY = 16;

    private final PtEvent[] events = new PtEvent[CAPACITY];
    private final int[] bindings = new int[CAPACITY];
    private final PtEvent standalone = new PtEvent();
    private int begin;
    private int end;

    /** Creates an empty queue. */
    public EventQueue() {
        for (int i = 0; i < CAPACITY; i++) {
            events[i] = new PtEvent();
        }
    }

    private static int inc(int idx) {
        return (idx + 1) % CAPACITY;
    }

    private static int dec(int idx) {
        return (idx + CAPACITY - 1) % CAPACITY;
    }

    /** Empties the queue, like {@code pt_evq_init}/{@code pt_evq_clear}. */
    public void clear() {
        begin = 0;
        end = 0;
    }

    /** The standalone event, cleared, for an event that is published at once. */
    public PtEvent standalone() {
        return standalone.clear();
    }

    /**
     * Appends a cleared event binding to {@code binding}.
     *
     * @param binding the {@link EventBinding} bits
     * @return the new event, or null if the queue is full
     */
    public PtEvent enqueue(int binding) {
        int idx = end;
        int next = inc(idx);
        if (inc(next) == begin) {
            return null;
        }
        end = next;
        bindings[idx] = binding;
        return events[idx].clear();
    }

    /**
     * Appends a copy of {@code event} binding to {@code binding}; {@code event} may be the
     * standalone event or a recently dequeued one.
     *
     * @param event the event to copy
     * @param binding the {@link EventBinding} bits
     * @return the queued copy, or null if the queue is full
     */
    public PtEvent requeue(PtEvent event, int binding) {
        int idx = end;
        int next = inc(idx);
        if (inc(next) == begin) {
            return null;
        }
        PtEvent slot = events[idx];
        if (slot == event) {
            // Requeuing the event in the gap slot: it is already in place.
            end = next;
            bindings[idx] = binding;
            return slot;
        }
        end = next;
        bindings[idx] = binding;
        return slot.copyFrom(event);
    }

    /**
     * Removes the first event with a binding in {@code binding}.
     *
     * @param binding the {@link EventBinding} bits to match
     * @return the event, or null if there is none
     */
    public PtEvent dequeue(int binding) {
        if (begin == end) {
            return null;
        }
        if ((bindings[begin] & binding) != 0) {
            PtEvent ev = events[begin];
            begin = inc(begin);
            return ev;
        }
        int idx = begin;
        for (;;) {
            idx = inc(idx);
            if (idx == end) {
                return null;
            }
            if ((bindings[idx] & binding) != 0) {
                break;
            }
        }
        // Move the found event to the head, shifting the ones before it back by one slot.
        return removeAt(idx);
    }

    /** Selects queued events by binding and event; see {@link #dequeue(Selector)}. */
    @FunctionalInterface
    public interface Selector {
        /**
         * Whether to select the event.
         *
         * @param binding the event's {@link EventBinding} bits
         * @param event the event
         * @return true to select it
         */
        boolean test(int binding, PtEvent event);
    }

    /**
     * Removes the first event that {@code selector} accepts, keeping the order of the others.
     *
     * @param selector the selection
     * @return the event, or null if none is selected
     */
    public PtEvent dequeue(Selector selector) {
        for (int i = begin; i != end; i = inc(i)) {
            if (selector.test(bindings[i], events[i])) {
                return removeAt(i);
            }
        }
        return null;
    }

    private PtEvent removeAt(int index) {
        int idx = index;
        PtEvent found = events[idx];
        int foundBinding = bindings[idx];
        while (idx != begin) {
            int prev = dec(idx);
            events[idx] = events[prev];
            bindings[idx] = bindings[prev];
            idx = prev;
        }
        events[begin] = found;
        bindings[begin] = foundBinding;
        begin = inc(begin);
        return found;
    }

    /**
     * Whether an event with a binding in {@code binding} is queued.
     *
     * @param binding the {@link EventBinding} bits
     * @return true if one is pending
     */
    public boolean pending(int binding) {
        for (int i = begin; i != end; i = inc(i)) {
            if ((bindings[i] & binding) != 0) {
                return true;
            }
        }
        return false;
    }

    /**
     * The first queued event with a binding in {@code binding} and type {@code type}, left in
     * the queue.
     *
     * @param binding the {@link EventBinding} bits
     * @param type the event type
     * @return the event, or null
     */
    public PtEvent find(int binding, EventType type) {
        for (int i = begin; i != end; i = inc(i)) {
            if ((bindings[i] & binding) != 0 && events[i].type() == type) {
                return events[i];
            }
        }
        return null;
    }

    /**
     * The first queued event with a binding in {@code binding}, left in the queue.
     *
     * @param binding the {@link EventBinding} bits
     * @return the event, or null
     */
    public PtEvent peek(int binding) {
        for (int i = begin; i != end; i = inc(i)) {
            if ((bindings[i] & binding) != 0) {
                return events[i];
            }
        }
        return null;
    }

    /**
     * Makes this queue a copy of {@code other}: same events, bindings and order.
     *
     * @param other the queue to copy
     */
    public void copyFrom(EventQueue other) {
        for (int i = 0; i < CAPACITY; i++) {
            events[i].copyFrom(other.events[i]);
            bindings[i] = other.bindings[i];
        }
        standalone.copyFrom(other.standalone);
        begin = other.begin;
        end = other.end;
    }

    /** The number of queued events. */
    public int size() {
        return (end - begin + CAPACITY) % CAPACITY;
    }
}
