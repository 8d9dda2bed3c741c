package io.lakeshare.sharing;

import io.lakeshare.tables.ObjectPath;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * A file's line rendered once, with the parts that differ between answers left open: the file's URL,
 * its deletion vector's URL, and the URLs' expiry. A template is a byte record (kept on disk by
 * {@link RenderedLines}); filling it in is a copy and a signature, the rest of the line (id,
 * partition values, stats, sizes) being the bytes Jackson wrote the first time.
 */
final class LineTemplate {

    static final byte URL = 1;
    static final byte DV_URL = 2;
    static final byte EXPIRATION = 3;

    /**
     * What a template is rendered with in place of the open parts, found again in the bytes afterwards.
     * Random per process, so that no value in a table (a stats string, a partition value) can
     * pose as one; a line that holds one anyway more than once is not turned into a template.
     */
    static final class Placeholders {
        final String url;
        final String dvUrl;
        final long expiration;
        private final String expirationText;

        Placeholders(SecureRandom random) {
            byte[] bytes = new byte[12];
            random.nextBytes(bytes);
            String tag = HexFormat.of().formatHex(bytes);
            this.url = "lakeshare-url-" + tag;
            this.dvUrl = "lakeshare-dv-url-" + tag;
            // Nineteen digits: as long as an expiry in milliseconds can be written, never one.
            this.expiration = 1_000_000_000_000_000_000L + Math.floorMod(random.nextLong(), 8_000_000_000_000_000_000L);
            this.expirationText = Long.toString(expiration);
        }
    }

    /** What fills the open parts in one answer. */
    interface Fill {
        /** The URL of an object, as the bytes of a JSON string's content (escaped where needed). */
        byte[] url(String bucket, String key);

        /** The expiry in epoch milliseconds, as digits. */
        byte[] expiration();
    }

    private LineTemplate() {}

    /**
     * The template of a line Jackson rendered with {@code placeholders} in its open parts, as the
     * record {@link #render} reads: the objects whose URLs it needs, where each open part goes, and
     * the line without them. Null when a placeholder is missing or appears twice, so that the caller
     * renders that line the usual way. {@code dv} is the deletion vector's object when the line hands
     * out its URL, else null.
     */
    static byte[] of(byte[] rendered, ObjectPath file, ObjectPath dv, Placeholders placeholders) {
        String[] parts = {placeholders.url, placeholders.dvUrl, placeholders.expirationText};
        int[] at = findEachOnce(rendered, parts);
        if (at == null || at[0] < 0 || at[2] < 0 || (dv == null ? at[1] >= 0 : at[1] < 0)) {
            return null;
        }
        byte[] kinds = {URL, DV_URL, EXPIRATION};
        // The slots in the order they appear in the line (two or three of them: insertion sort).
        int[][] found = new int[dv == null ? 2 : 3][];
        int count = 0;
        for (int k = 0; k < 3; k++) {
            if (at[k] < 0) {
                continue;
            }
            int[] slot = {at[k], kinds[k], parts[k].length()};
            int i = count++;
            while (i > 0 && found[i - 1][0] > slot[0]) {
                found[i] = found[i - 1];
                i--;
            }
            found[i] = slot;
        }
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(rendered.length + 128);
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeInt(0); // the record's length, filled in below
            writeObject(out, file);
            out.writeBoolean(dv != null);
            if (dv != null) {
                writeObject(out, dv);
            }
            out.writeByte(found.length);
            int removed = 0;
            for (int[] slot : found) {
                out.writeByte(slot[1]);
                out.writeInt(slot[0] - removed);
                removed += slot[2];
            }
            out.writeInt(rendered.length - removed);
            int from = 0;
            for (int[] slot : found) {
                out.write(rendered, from, slot[0] - from);
                from = slot[0] + slot[2];
            }
            out.write(rendered, from, rendered.length - from);
            byte[] record = bytes.toByteArray();
            ByteBuffer.wrap(record).putInt(0, record.length - 4);
            return record;
        } catch (IOException e) {
            throw new UncheckedIOException("Writing to memory does not fail", e);
        }
    }

    private static void writeObject(DataOutputStream out, ObjectPath object) throws IOException {
        byte[] bucket = object.bucket().getBytes(StandardCharsets.UTF_8);
        byte[] key = object.key().getBytes(StandardCharsets.UTF_8);
        out.writeInt(bucket.length);
        out.write(bucket);
        out.writeInt(key.length);
        out.write(key);
    }

    /** The length of the record starting at {@code offset}, its 4-byte length header included. */
    static int recordLength(byte[] buffer, int offset) {
        return 4 + readInt(buffer, offset);
    }

    /**
     * Writes the line of the record at {@code offset} of {@code buffer} with its open parts filled
     * into {@code line}, read in place: a replay allocates nothing per line but the URLs.
     */
    static void render(byte[] buffer, int offset, Fill fill, Buffer line) {
        line.length = 0;
        append(buffer, offset, fill, line);
    }

    /** As {@link #render}, after what {@code line} already holds: lines rendered one after another. */
    static void append(byte[] buffer, int offset, Fill fill, Buffer line) {
        int at = offset + 4;
        int bucketLength = readInt(buffer, at);
        String bucket = new String(buffer, at + 4, bucketLength, StandardCharsets.UTF_8);
        at += 4 + bucketLength;
        int keyLength = readInt(buffer, at);
        String key = new String(buffer, at + 4, keyLength, StandardCharsets.UTF_8);
        at += 4 + keyLength;
        String dvBucket = null;
        String dvKey = null;
        if (buffer[at++] != 0) {
            bucketLength = readInt(buffer, at);
            dvBucket = new String(buffer, at + 4, bucketLength, StandardCharsets.UTF_8);
            at += 4 + bucketLength;
            keyLength = readInt(buffer, at);
            dvKey = new String(buffer, at + 4, keyLength, StandardCharsets.UTF_8);
            at += 4 + keyLength;
        }
        int slots = buffer[at++];
        int slotsAt = at;
        int json = slotsAt + slots * 5 + 4;
        int jsonLength = readInt(buffer, json - 4);
        int from = 0;
        for (int i = 0; i < slots; i++) {
            byte kind = buffer[slotsAt + i * 5];
            int to = readInt(buffer, slotsAt + i * 5 + 1);
            line.append(buffer, json + from, to - from);
            line.append(
                    switch (kind) {
                        case URL -> fill.url(bucket, key);
                        case DV_URL -> fill.url(dvBucket, dvKey);
                        default -> fill.expiration();
                    });
            from = to;
        }
        line.append(buffer, json + from, jsonLength - from);
    }

    private static int readInt(byte[] b, int at) {
        return ((b[at] & 0xff) << 24) | ((b[at + 1] & 0xff) << 16) | ((b[at + 2] & 0xff) << 8) | (b[at + 3] & 0xff);
    }

    /**
     * Where each of {@code parts} starts in {@code bytes} (-1 when absent); null when one appears more
     * than once. Read as Latin-1, every byte is one char, so positions carry over, and the JDK's
     * string search (vectorized) does the work.
     */
    private static int[] findEachOnce(byte[] bytes, String[] parts) {
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        int[] at = new int[parts.length];
        for (int k = 0; k < parts.length; k++) {
            at[k] = text.indexOf(parts[k]);
            if (at[k] >= 0 && text.indexOf(parts[k], at[k] + 1) >= 0) {
                return null;
            }
        }
        return at;
    }

    /** A reusable byte buffer a line is rendered into. */
    static final class Buffer {
        byte[] bytes = new byte[1024];
        int length;

        void append(byte[] b) {
            append(b, 0, b.length);
        }

        void append(byte b) {
            if (length == bytes.length) {
                bytes = Arrays.copyOf(bytes, bytes.length * 2);
            }
            bytes[length++] = b;
        }

        void append(byte[] b, int offset, int count) {
            if (length + count > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + count));
            }
            System.arraycopy(b, offset, bytes, length, count);
            length += count;
        }
    }
}
