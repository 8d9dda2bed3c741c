package io.lakeshare.tables.delta;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.delta.kernel.internal.actions.DeletionVectorDescriptor;
import io.lakeshare.tables.ObjectPath;
import io.lakeshare.tables.TableException;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What a Delta log names is read only from under the table's own location, however it is spelled. */
class TableLocationContainmentTest {

    private static final String ROOT = ObjectPath.tableRoot("demo", "employees/");

    @Test
    void dataFilePathsThatLeaveTheTableAreRefused() {
        for (String logPath : List.of("../salaries/part-0.parquet", "a/../../salaries/part-0.parquet", "%2E%2E/salaries/part-0.parquet",
                "a/..%2F..%2Fsalaries/part-0.parquet", "/etc/passwd", "file:///etc/passwd", "s3://demo/salaries/part-0.parquet",
                "lakeshare://demo/salaries/part-0.parquet")) {
            assertThrows(TableException.class, () -> DeltaSnapshot.objectOf("demo", "employees/", logPath), logPath);
        }
        assertEquals(new ObjectPath("demo", "employees/department=a b/part-0.parquet"),
                DeltaSnapshot.objectOf("demo", "employees/", "department=a%20b/part-0.parquet"));
    }

    @Test
    void deletionVectorFilesThatLeaveTheTableAreRefused() {
        for (String path : List.of(ROOT + "/../salaries/dv.bin", ROOT + "/a/../../salaries/dv.bin", ROOT + "/%2E%2E/salaries/dv.bin",
                ROOT + "/..", "lakeshare://demo/salaries/dv.bin", "file:///etc/passwd")) {
            DeletionVectorDescriptor dv = new DeletionVectorDescriptor("p", path, Optional.of(1), 40, 3);
            assertThrows(TableException.class, () -> DeltaSnapshot.deletionVector(dv, ROOT), path);
        }
        DeletionVectorDescriptor inside = new DeletionVectorDescriptor("p", ROOT + "/dv/deletion_vector_1.bin", Optional.of(1), 40, 3);
        assertEquals(new ObjectPath("demo", "employees/dv/deletion_vector_1.bin"), DeltaSnapshot.deletionVector(inside, ROOT).object());
    }
}
