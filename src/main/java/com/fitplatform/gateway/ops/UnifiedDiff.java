package com.fitplatform.gateway.ops;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** A unified diff (3 lines of context) of two versions of a small text file, for the change audit. */
public final class UnifiedDiff {

    private static final int CONTEXT = 3;
    private static final int MAX_LINES = 5000;

    private UnifiedDiff() {}

    /** {@code before}/{@code after} null mean the file did not exist / was deleted. */
    public static String of(String name, String before, String after) {
        String[] a = lines(before);
        String[] b = lines(after);
        StringBuilder out = new StringBuilder();
        out.append("--- ").append(before == null ? "/dev/null" : "a/" + name).append('\n');
        out.append("+++ ").append(after == null ? "/dev/null" : "b/" + name).append('\n');
        if (a.length > MAX_LINES || b.length > MAX_LINES) {
            return out.append("(file too large to diff: ")
                    .append(a.length)
                    .append(" -> ")
                    .append(b.length)
                    .append(" lines)\n")
                    .toString();
        }
        // Longest common subsequence table, then a walk that emits ' ', '-', '+' lines.
        int[][] lcs = new int[a.length + 1][b.length + 1];
        for (int i = a.length - 1; i >= 0; i--) {
            for (int j = b.length - 1; j >= 0; j--) {
                lcs[i][j] = a[i].equals(b[j]) ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
            }
        }
        List<Line> edits = new ArrayList<>();
        int i = 0;
        int j = 0;
        while (i < a.length || j < b.length) {
            if (i < a.length && j < b.length && a[i].equals(b[j])) {
                edits.add(new Line(' ', a[i], i++, j++));
            } else if (i < a.length && (j == b.length || lcs[i + 1][j] >= lcs[i][j + 1])) {
                edits.add(new Line('-', a[i], i++, j));
            } else {
                edits.add(new Line('+', b[j], i, j++));
            }
        }
        int k = 0;
        while (k < edits.size()) {
            if (edits.get(k).kind() == ' ') {
                k++;
                continue;
            }
            int start = Math.max(0, k - CONTEXT);
            int end = k;
            int lastChange = k;
            while (end < edits.size() && end - lastChange <= 2 * CONTEXT) {
                if (edits.get(end).kind() != ' ') {
                    lastChange = end;
                }
                end++;
            }
            end = Math.min(edits.size(), lastChange + CONTEXT + 1);
            List<Line> hunk = edits.subList(start, end);
            long oldCount = hunk.stream().filter(l -> l.kind() != '+').count();
            long newCount = hunk.stream().filter(l -> l.kind() != '-').count();
            out.append("@@ -")
                    .append(hunk.get(0).oldIndex() + (oldCount == 0 ? 0 : 1))
                    .append(',')
                    .append(oldCount)
                    .append(" +")
                    .append(hunk.get(0).newIndex() + (newCount == 0 ? 0 : 1))
                    .append(',')
                    .append(newCount)
                    .append(" @@\n");
            hunk.forEach(l -> out.append(l.kind()).append(l.text()).append('\n'));
            k = end;
        }
        return out.toString();
    }

    private static String[] lines(String text) {
        if (text == null || text.isEmpty()) {
            return new String[0];
        }
        String[] lines = text.split("\r?\n", -1);
        return text.endsWith("\n") ? Arrays.copyOf(lines, lines.length - 1) : lines;
    }

    private record Line(char kind, String text, int oldIndex, int newIndex) {}
}
