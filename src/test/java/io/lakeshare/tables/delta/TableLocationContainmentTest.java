package io.lakeshare.tables.delta;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.lakeshare.tables.ObjectPath;
import io.lakeshare.tables.TableException;
import io.lakeshare.tables.TableFormat;
import io.lakeshare.tables.TableLocation;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a Delta log names is read only from under the table's own location, however it is spelled. */
class TableLocationContainmentTest {

    private static final TableLocation.StoragePrefix TABLE =
            new TableLocation.StoragePrefix(TableFormat.DELTA, "demo", "employees/", "employees");
    private static final String ROOT = TABLE.root();

    /** A vector stored in a file, as Kernel resolves its path against the table root. */
    private static KernelInternals.DeletionVectorInfo onDisk(String absolutePath) {
        return new KernelInternals.DeletionVectorInfo("p", absolutePath, 1, 40, 3, absolutePath);
    }

    @Test
    void dataFilePathsThatLeaveTheTableAreRefused() {
        for (String logPath : List.of(
                "../salaries/part-0.parquet",
                "a/../../salaries/part-0.parquet",
                "%2E%2E/salaries/part-0.parquet",
                "a/..%2F..%2Fsalaries/part-0.parquet",
                "/etc/passwd",
                "file:///etc/passwd",
                "s3://demo/salaries/part-0.parquet",
                "lakeshare://demo/salaries/part-0.parquet")) {
            assertThrows(TableException.class, () -> DeltaSnapshot.objectOf(TABLE, logPath), logPath);
        }
        assertEquals(
                new ObjectPath("demo", "employees/department=a b/part-0.parquet"),
                DeltaSnapshot.objectOf(TABLE, "department=a%20b/part-0.parquet"));
    }

    @Test
    void deletionVectorFilesThatLeaveTheTableAreRefused() {
        for (String path : List.of(
                ROOT + "/../salaries/dv.bin",
                ROOT + "/a/../../salaries/dv.bin",
                ROOT + "/%2E%2E/salaries/dv.bin",
                ROOT + "/..",
                "lakeshare://demo/salaries/dv.bin",
                "file:///etc/passwd")) {
            assertThrows(
                    TableException.class, () -> DeltaSnapshot.deletionVector(onDisk(path), TABLE, TABLE.root()), path);
        }
        assertEquals(
                new ObjectPath("demo", "employees/dv/deletion_vector_1.bin"),
                DeltaSnapshot.deletionVector(onDisk(ROOT + "/dv/deletion_vector_1.bin"), TABLE, TABLE.root())
                        .object());
    }
}
