package dev.hindsight.collect.pt;

import java.io.IOException;
import java.nio.file.Path;

/** The fake intel_pt sysfs tree the tests share. */
final class PtTestSysfs {
    private PtTestSysfs() {
    }

    static Path make(Path root) throws IOException {
        return PtPmuTest.fakeSysfs(root, "8");
    }
}
