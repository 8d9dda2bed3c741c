package io.lakeshare.tables;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.delta.kernel.internal.deletionvectors.Base85Codec;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.roaringbitmap.RoaringBitmap;

class DeletionVectorsTest {

    @Test
    void theVectorOfRowZeroIsTheOneDeltaWritersInline() {
        // The inline vector Delta readers decode for "row 0 deleted" (34 bytes: magic, count, key, bitmap).
        DeletionVector dv = DeletionVectors.inline(DeletionVectors.serialize(new long[] {0}), 1);
        assertEquals("i", dv.storageType());
        assertEquals("^Bg9^0rr910000000000iXQKl0rr91000005c8Xg00000", dv.pathOrInlineDv());
        assertEquals(34, dv.sizeInBytes());
    }

    @Test
    void z85IsDeltasBase85() {
        byte[] bytes = DeletionVectors.serialize(new long[] {1, 5, 70_000, 5_000_000_000L});
        byte[] aligned = java.util.Arrays.copyOf(bytes, (bytes.length + 3) / 4 * 4);
        assertEquals(Base85Codec.encodeBytes(aligned), DeletionVectors.z85(bytes));
        assertArrayEquals(aligned, Base85Codec.decodeAlignedBytes(DeletionVectors.z85(bytes)));
    }

    @Test
    void positionsAboveFourBillionGoToTheirOwnBitmap() throws Exception {
        long[] positions = {3, 4, 4_294_967_296L + 7};
        ByteBuffer in = ByteBuffer.wrap(DeletionVectors.serialize(positions)).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(DeletionVectors.MAGIC, in.getInt());
        long buckets = in.getLong();
        List<Long> read = new ArrayList<>();
        for (long b = 0; b < buckets; b++) {
            long high = in.getInt() & 0xffffffffL;
            RoaringBitmap bitmap = new RoaringBitmap();
            bitmap.deserialize(in.slice().order(ByteOrder.LITTLE_ENDIAN));
            in.position(in.position() + bitmap.serializedSizeInBytes());
            bitmap.forEach((int low) -> read.add((high << 32) | (low & 0xffffffffL)));
        }
        assertEquals(List.of(3L, 4L, 4_294_967_303L), read);
    }

    @Test
    void hugeVectorsAreNotInlined() {
        assertNull(DeletionVectors.inline(new byte[DeletionVectors.MAX_INLINE_BYTES + 1], 1));
    }
}
