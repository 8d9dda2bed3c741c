"""Generates a checkpointed Delta table with many files for the benchmark, with delta-rs.

    python3 generate_table.py FILES OUTPUT_DIR

The log is real (delta-rs commits of add actions, then a checkpoint); it names FILES distinct data
files with per-file statistics. One tiny Parquet file is written as the first of them; the others
are not materialised, because the benchmark measures the metadata path (/query streaming), not
downloads.
"""
import pathlib
import sys
import time

import pyarrow as pa
import pyarrow.parquet as pq
from deltalake import DeltaTable
from deltalake.schema import Field, PrimitiveType, Schema
from deltalake.transaction import AddAction, create_table_with_add_actions

COMMIT_SIZE = 100_000


def main() -> None:
    files, out = int(sys.argv[1]), pathlib.Path(sys.argv[2])
    out.mkdir(parents=True, exist_ok=True)
    schema = Schema([Field("id", PrimitiveType("long"), nullable=True), Field("name", PrimitiveType("string"), nullable=True)])
    first = out / "part-0000000.parquet"
    pq.write_table(pa.table({"id": pa.array([0], pa.int64()), "name": ["row-0"]}), first)
    size = first.stat().st_size
    now = int(time.time() * 1000)
    started = time.monotonic()
    table = None
    for start in range(0, files, COMMIT_SIZE):
        actions = [AddAction(f"part-{i:07d}.parquet", size, {}, now, True,
                             f'{{"numRecords":1,"minValues":{{"id":{i},"name":"row-{i}"}},'
                             f'"maxValues":{{"id":{i},"name":"row-{i}"}},"nullCount":{{"id":0,"name":0}}}}')
                   for i in range(start, min(files, start + COMMIT_SIZE))]
        if start == 0:
            create_table_with_add_actions(str(out), schema, actions, mode="error", name="bench")
            # One table object for every commit: it carries its state forward, where opening the
            # table again per commit would replay the whole log each time (quadratic at 10M files); it
            # reads only the commit just made.
            table = DeltaTable(str(out))
        else:
            table.create_write_transaction(actions, mode="append", schema=schema)
            table.update_incremental()
    table.create_checkpoint()
    print(f"{files} files in {table.version() + 1} commits and a checkpoint, {time.monotonic() - started:.1f} s")


if __name__ == "__main__":
    main()
