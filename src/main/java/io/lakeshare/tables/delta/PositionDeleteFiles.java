package io.lakeshare.tables.delta;

import io.delta.kernel.data.ColumnVector;
import io.delta.kernel.data.ColumnarBatch;
import io.delta.kernel.engine.FileReadResult;
import io.delta.kernel.types.LongType;
import io.delta.kernel.types.StringType;
import io.delta.kernel.types.StructType;
import io.delta.kernel.utils.CloseableIterator;
import io.delta.kernel.utils.FileStatus;
import io.lakeshare.tables.ObjectPath;
import io.lakeshare.tables.PositionDeleteReader;
import io.lakeshare.tables.TableException;
import io.lakeshare.tables.TableException.Kind;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.LongStream;

/**
 * Reads Iceberg position-delete files ({@code file_path}, {@code pos} rows, in Parquet) with the
 * Kernel's Parquet reader on the storage port: the one Parquet reader the server already has, and
 * no Hadoop file system.
 */
@ApplicationScoped
public class PositionDeleteFiles implements PositionDeleteReader {

    private static final StructType COLUMNS =
            new StructType().add("file_path", StringType.STRING).add("pos", LongType.LONG);

    @Inject
    DeltaTableReader delta;

    @Override
    public Map<String, long[]> read(ObjectPath file, long size) {
        Map<String, LongStream.Builder> positions = new HashMap<>();
        FileStatus status = FileStatus.of(ObjectPath.format(file.bucket(), file.key()), size, 0);
        try (CloseableIterator<FileReadResult> results =
                delta.engine().getParquetHandler().readParquetFiles(one(status), COLUMNS, Optional.empty())) {
            while (results.hasNext()) {
                ColumnarBatch batch = results.next().getData();
                ColumnVector paths = batch.getColumnVector(0);
                ColumnVector pos = batch.getColumnVector(1);
                for (int row = 0; row < batch.getSize(); row++) {
                    if (!paths.isNullAt(row) && !pos.isNullAt(row)) {
                        positions
                                .computeIfAbsent(paths.getString(row), p -> LongStream.builder())
                                .add(pos.getLong(row));
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            io.lakeshare.storage.StorageException storage = io.lakeshare.storage.StorageException.in(e);
            boolean unavailable = storage != null && !storage.missingObject();
            throw new TableException(
                    unavailable ? Kind.UNAVAILABLE : Kind.NOT_FOUND,
                    unavailable
                            ? "The storage of a position-delete file cannot be read right now; try again later"
                            : "A position-delete file of the table cannot be read",
                    e);
        }
        Map<String, long[]> sorted = new HashMap<>();
        positions.forEach((path, builder) ->
                sorted.put(path, builder.build().sorted().distinct().toArray()));
        return sorted;
    }

    private static CloseableIterator<FileStatus> one(FileStatus status) {
        java.util.Iterator<FileStatus> it = List.of(status).iterator();
        return new CloseableIterator<>() {
            @Override
            public boolean hasNext() {
                return it.hasNext();
            }

            @Override
            public FileStatus next() {
                return it.next();
            }

            @Override
            public void close() {}
        };
    }
}
