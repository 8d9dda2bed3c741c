"""Writes the demo Delta table that the embedded default serves (bucket `demo`, prefix `employees/`).

The table in demo/warehouse/ was made by this script with delta-rs (the `deltalake` package); it is
kept in the repository so that running the server needs no Python. Re-run it to remake the table:

    python3 demo/make_demo_table.py
"""
import pathlib
import shutil

import pyarrow as pa
from deltalake import write_deltalake

TABLE = pathlib.Path(__file__).resolve().parent / "warehouse" / "demo" / "employees"


def main() -> None:
    if TABLE.exists():
        shutil.rmtree(TABLE)
    TABLE.parent.mkdir(parents=True, exist_ok=True)
    first = pa.table({
        "id": pa.array([1, 2, 3, 4], pa.int64()),
        "name": ["Ada", "Grace", "Linus", "Margaret"],
        "department": ["engineering", "engineering", "platform", "research"],
        "salary": pa.array([120000.0, 125000.0, 99000.0, 130000.0], pa.float64()),
        "hired": pa.array([19000, 19100, 19250, 19400], pa.date32()),
    })
    write_deltalake(str(TABLE), first, partition_by=["department"], name="employees",
                    description="Demo table shipped with Lakeshare")
    second = pa.table({
        "id": pa.array([5, 6], pa.int64()),
        "name": ["Barbara", "Ken"],
        "department": ["research", "platform"],
        "salary": pa.array([118000.0, 101000.0], pa.float64()),
        "hired": pa.array([19500, 19600], pa.date32()),
    })
    write_deltalake(str(TABLE), second, mode="append", partition_by=["department"])
    print(f"wrote {TABLE}")


if __name__ == "__main__":
    main()
