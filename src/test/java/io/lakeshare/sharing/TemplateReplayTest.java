package io.lakeshare.sharing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lakeshare.tables.ObjectPath;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Replaying kept templates with the signing on a second thread writes the very bytes the answer's
 * own thread would, in order; an answer abandoned midway (the client went away) or a damaged file
 * stops both threads and gives the signing thread back for the next answer.
 */
class TemplateReplayTest {

    private static final LineTemplate.Placeholders PLACEHOLDERS = new LineTemplate.Placeholders(new SecureRandom());
    private static final int FILES = 5_000;

    @TempDir
    Path dir;

    /** The threads URLs were signed on, and a URL that is a function of its object only. */
    private final Set<String> signedOn = ConcurrentHashMap.newKeySet();

    private final LineTemplate.Fill fill = new LineTemplate.Fill() {
        @Override
        public byte[] url(String bucket, String key) {
            signedOn.add(Thread.currentThread().getName());
            return ("https://store/" + bucket + "/" + key + "?sig=" + Integer.toHexString(key.hashCode()))
                    .getBytes(StandardCharsets.US_ASCII);
        }

        @Override
        public byte[] expiration() {
            return "1767225600000".getBytes(StandardCharsets.US_ASCII);
        }
    };

    /** A templates file of {@code FILES} lines, every tenth with a deletion vector. */
    private Path kept() throws IOException {
        ByteArrayOutputStream records = new ByteArrayOutputStream();
        for (int i = 0; i < FILES; i++) {
            boolean dv = i % 10 == 0;
            String line = "{\"file\":{\"url\":\"" + PLACEHOLDERS.url + "\",\"id\":\"f" + i + "\""
                    + (dv ? ",\"deletionVectorUrl\":\"" + PLACEHOLDERS.dvUrl + "\"" : "")
                    + ",\"stats\":\"{\\\"numRecords\\\":" + i + "}\",\"expirationTimestamp\":"
                    + PLACEHOLDERS.expiration + "}}";
            records.write(LineTemplate.of(
                    line.getBytes(StandardCharsets.UTF_8),
                    new ObjectPath("b", "t/part-" + i + ".parquet"),
                    dv ? new ObjectPath("b", "t/dv-" + i + ".bin") : null,
                    PLACEHOLDERS));
        }
        Path kept = dir.resolve("t.lines");
        Files.write(kept, records.toByteArray());
        return kept;
    }

    /** A sink that keeps the bytes, as the response would get them. */
    private static class Bytes implements LineSink {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        int writes;

        @Override
        public void line(Object line) {
            throw new AssertionError("replays write rendered bytes only");
        }

        @Override
        public void rendered(byte[] json, int offset, int length) {
            out.write(json, offset, length);
            out.write('\n');
            writes++;
        }

        @Override
        public void renderedLines(byte[] lines, int offset, int length) {
            out.write(lines, offset, length);
            writes++;
        }
    }

    @Test
    void theSigningThreadWritesTheBytesTheAnswersThreadWould() throws IOException {
        Path kept = kept();
        Bytes alone = new Bytes();
        assertEquals(FILES, TemplateReplay.inline(kept, fill, alone));
        assertEquals(Set.of(Thread.currentThread().getName()), signedOn);

        signedOn.clear();
        Bytes pipelined = new Bytes();
        try (TemplateReplay replay = new TemplateReplay(1, 4096)) {
            assertEquals(FILES, replay.replay(kept, fill, pipelined));
        }
        assertEquals(Set.of("lakeshare-line-signer"), signedOn);
        assertArrayEquals(alone.out.toByteArray(), pipelined.out.toByteArray());
        assertTrue(pipelined.writes > 10 && pipelined.writes < FILES / 10, "written in batches: " + pipelined.writes);
        String text = pipelined.out.toString(StandardCharsets.UTF_8);
        assertEquals(FILES, text.lines().count());
        assertTrue(text.lines().allMatch(l -> l.startsWith("{\"file\":{\"url\":\"https://store/b/t/part-")));
    }

    @Test
    void withoutAFreeSigningThreadTheAnswersThreadDoesItAll() throws IOException {
        Path kept = kept();
        Bytes lines = new Bytes();
        try (TemplateReplay replay = new TemplateReplay(0, 4096)) {
            assertEquals(FILES, replay.replay(kept, fill, lines));
        }
        assertEquals(Set.of(Thread.currentThread().getName()), signedOn);
        assertEquals(FILES, lines.writes, "one write a line");
    }

    @Test
    void anAbandonedAnswerGivesTheSigningThreadBack() throws Exception {
        Path kept = kept();
        try (TemplateReplay replay = new TemplateReplay(1, 4096)) {
            UncheckedIOException gone = new UncheckedIOException(new IOException("client went away"));
            Bytes failing = new Bytes() {
                @Override
                public void renderedLines(byte[] lines, int offset, int length) {
                    if (writes == 3) {
                        throw gone;
                    }
                    super.renderedLines(lines, offset, length);
                }
            };
            assertSame(gone, assertThrows(UncheckedIOException.class, () -> replay.replay(kept, fill, failing)));

            // The signer notices within its wait for room, and the next answer gets it.
            long deadline = System.nanoTime() + 5_000_000_000L;
            Bytes next;
            do {
                signedOn.clear();
                next = new Bytes();
                assertEquals(FILES, replay.replay(kept, fill, next));
            } while (!signedOn.contains("lakeshare-line-signer") && System.nanoTime() < deadline);
            assertEquals(Set.of("lakeshare-line-signer"), signedOn);
            assertEquals(
                    FILES, next.out.toString(StandardCharsets.UTF_8).lines().count());
        }
    }

    @Test
    void aFileThatEndsWithinARecordFailsTheAnswer() throws IOException {
        Path kept = kept();
        byte[] whole = Files.readAllBytes(kept);
        Files.write(kept, Arrays.copyOf(whole, whole.length - 7));
        try (TemplateReplay replay = new TemplateReplay(1, 4096)) {
            EOFException damaged = assertThrows(EOFException.class, () -> replay.replay(kept, fill, new Bytes()));
            assertTrue(damaged.getMessage().contains("end within a record"), damaged.getMessage());
        }
        assertThrows(EOFException.class, () -> TemplateReplay.inline(kept, fill, new Bytes()));
    }
}
