package com.fitplatform.gateway.ops;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class UnifiedDiffTest {

    @Test
    void shouldShowChangedLinesWithContext() {
        String before = "a\nb\nc\nd\ne\nf\ng\nh\n";
        String after = "a\nb\nc\nD\ne\nf\ng\nh\n";

        String diff = UnifiedDiff.of("x.yaml", before, after);

        assertThat(diff).isEqualTo("--- a/x.yaml\n+++ b/x.yaml\n@@ -1,7 +1,7 @@\n a\n b\n c\n-d\n+D\n e\n f\n g\n");
    }

    @Test
    void shouldDiffACreatedAndADeletedFile() {
        assertThat(UnifiedDiff.of("x.yaml", null, "a\n"))
                .isEqualTo("--- /dev/null\n+++ b/x.yaml\n@@ -0,0 +1,1 @@\n+a\n");
        assertThat(UnifiedDiff.of("x.yaml", "a\n", null))
                .isEqualTo("--- a/x.yaml\n+++ /dev/null\n@@ -1,1 +0,0 @@\n-a\n");
    }
}
