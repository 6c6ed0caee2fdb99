package dev.hindsight.errata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class ErratumTest {

    @Test
    void shouldListLibiptBitsInStructOrder() {
        assertEquals(List.of("bdm70", "bdm64", "skd007", "skd022", "skd010", "skl014", "apl12",
                "apl11", "skl168", "skz84"),
                java.util.Arrays.stream(Erratum.values()).map(Erratum::flagName).toList());
    }

    @Test
    void shouldFindByIdFlagNameOrAlias() {
        assertEquals(Erratum.BDM70, Erratum.byName("BDM70"));
        assertEquals(Erratum.BDM70, Erratum.byName("kbl021"));
        assertEquals(Erratum.SKD010, Erratum.byName("SKL033"));
        assertEquals(Erratum.SKL014, Erratum.byName("KBL014"));
    }

    @Test
    void shouldRejectUnknownName() {
        assertThrows(IllegalArgumentException.class, () -> Erratum.byName("xyz1"));
    }

    @Test
    void shouldDescribeEveryErratum() {
        for (Erratum e : Erratum.values()) {
            assertFalse(e.title().isBlank(), e.id());
        }
        assertEquals(List.of("SKD024", "SKL021", "KBL021"), Erratum.BDM70.sameAs());
    }
}
