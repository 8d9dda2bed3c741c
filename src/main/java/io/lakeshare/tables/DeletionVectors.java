package io.lakeshare.tables;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import org.roaringbitmap.RoaringBitmap;

/**
 * Deleted row positions as Delta deletion vectors stored inline in a file line: the Delta
 * protocol's "RoaringBitmapArray" (a magic number, then 64-bit positions as 32-bit Roaring bitmaps
 * keyed by their high half, all little-endian), Z85-encoded. An Iceberg v3 deletion-vector blob
 * carries exactly these bytes between its length and its checksum.
 */
public final class DeletionVectors {

    /** Delta's RoaringBitmapArray magic number. */
    public static final int MAGIC = 1681511377;
    /** Larger vectors make file lines too long to inline. */
    public static final int MAX_INLINE_BYTES = 64 * 1024;

    private static final char[] Z85 =
            "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.-:+=^!/*?&<>()[]{}@%$#".toCharArray();

    private DeletionVectors() {}

    /** The serialized vector (magic and bitmaps) of sorted, distinct, non-negative row positions. */
    public static byte[] serialize(long[] positions) {
        List<Integer> keys = new ArrayList<>();
        List<RoaringBitmap> bitmaps = new ArrayList<>();
        for (long position : positions) {
            int high = (int) (position >>> 32);
            if (keys.isEmpty() || keys.get(keys.size() - 1) != high) {
                keys.add(high);
                bitmaps.add(new RoaringBitmap());
            }
            bitmaps.get(bitmaps.size() - 1).add((int) position);
        }
        int size = 4 + 8;
        for (RoaringBitmap bitmap : bitmaps) {
            bitmap.runOptimize();
            size += 4 + bitmap.serializedSizeInBytes();
        }
        ByteBuffer out = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
        out.putInt(MAGIC).putLong(keys.size());
        for (int i = 0; i < keys.size(); i++) {
            out.putInt(keys.get(i));
            bitmaps.get(i).serialize(out.slice().order(ByteOrder.LITTLE_ENDIAN));
            out.position(out.position() + bitmaps.get(i).serializedSizeInBytes());
        }
        return out.array();
    }

    /** An inline ('i') descriptor of a serialized vector, or null when it is too large to inline. */
    public static DeletionVector inline(byte[] serialized, long cardinality) {
        if (serialized.length > MAX_INLINE_BYTES) {
            return null;
        }
        return new DeletionVector("i", z85(serialized), null, serialized.length, cardinality, null);
    }

    /** Z85 of the bytes, zero-padded to a multiple of four as Delta writes inline vectors. */
    static String z85(byte[] bytes) {
        int padded = (bytes.length + 3) / 4 * 4;
        StringBuilder text = new StringBuilder(padded / 4 * 5);
        for (int i = 0; i < padded; i += 4) {
            long value = 0;
            for (int j = 0; j < 4; j++) {
                value = (value << 8) | (i + j < bytes.length ? bytes[i + j] & 0xff : 0);
            }
            char[] chunk = new char[5];
            for (int j = 4; j >= 0; j--) {
                chunk[j] = Z85[(int) (value % 85)];
                value /= 85;
            }
            text.append(chunk);
        }
        return text.toString();
    }
}
