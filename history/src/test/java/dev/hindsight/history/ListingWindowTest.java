package dev.hindsight.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The listing windows of spec §4.3: 11 recorded instructions (end = 12), size 4. */
class ListingWindowTest {
    private static final long END = 12;

    @Test
    void shouldListTheLastInstructionsFirstWhenNotReplaying() {
        assertEquals(new ListingWindow(8, 12), ListingWindow.next(-1, -1, END, END, 4));
        assertEquals(new ListingWindow(8, 12), ListingWindow.next(-1, -1, END, END, -4));
    }

    @Test
    void shouldContinueWhereTheLastListingStopped() {
        assertEquals(new ListingWindow(5, 9), ListingWindow.next(1, 5, END, END, 4));
        assertEquals(new ListingWindow(9, 12), ListingWindow.next(5, 9, END, END, 4));
        assertTrue(ListingWindow.next(9, 12, END, END, 4).isEmpty(), "at the end");
        assertEquals(new ListingWindow(4, 8), ListingWindow.next(8, 12, END, END, -4));
        assertEquals(new ListingWindow(1, 4), ListingWindow.next(4, 8, END, END, -4));
        assertTrue(ListingWindow.next(1, 4, END, END, -4).isEmpty(), "at the start");
    }

    @Test
    void shouldCentreAFirstListingOnTheReplayPosition() {
        assertEquals(new ListingWindow(5, 9), ListingWindow.next(-1, -1, 5, END, 4));
        assertEquals(new ListingWindow(2, 6), ListingWindow.next(-1, -1, 5, END, -4));
    }
}
