"""Delta tables served as Iceberg: the Iceberg metadata Lakeshare generates for a Delta version,
read by pyiceberg as a recipient's Iceberg client reads it, holds exactly the rows delta-rs wrote at
that version — partition columns (which Delta keeps out of the data files) valued from the
metadata, column-mapped columns found by their field ids, nested columns by the name mapping.

The generator runs as a replica runs it, on a local warehouse (DeltaAsIcebergOnDisk, from the
compiled test classes, after `./mvnw package -DskipTests`)."""
import datetime as dt
import decimal
import json
import os
import pathlib
import subprocess

import pytest

from harness import ROOT

FIXTURES = ROOT / "src" / "test" / "python" / "fixtures" / "delta_for_iceberg.py"


def classpath() -> str:
    lib = ROOT / "target" / "quarkus-app" / "lib" / "main"
    if not lib.is_dir() or not (ROOT / "target" / "test-classes").is_dir():
        pytest.fail("build first: ./mvnw package -DskipTests (the tests need target/quarkus-app and the test classes)")
    return ":".join([str(ROOT / "target" / "test-classes"), str(ROOT / "target" / "classes"), str(lib / "*"),
                     str(lib.parent / "boot" / "*")])


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory):
    root = tmp_path_factory.mktemp("delta-as-iceberg")
    out = subprocess.run(["python3", str(FIXTURES), str(root / "wh")], check=True, capture_output=True, text=True)
    return root, json.loads(out.stdout)


def run_generator(root: pathlib.Path, *versions: str) -> subprocess.CompletedProcess:
    """One replica (a JVM) generating each "table:version" in turn."""
    return subprocess.run(
        ["java", "-cp", classpath(), "io.lakeshare.tables.iceberg.DeltaAsIcebergOnDisk", str(root), "wh",
         *(f"{v.split(':')[0]}/:{v.split(':')[1]}" for v in versions)],
        capture_output=True, text=True, timeout=300)


def generate(root: pathlib.Path, *versions: str) -> dict:
    done = run_generator(root, *versions)
    assert done.returncode == 0, done.stderr[-4000:]
    return dict(zip(versions, done.stdout.strip().splitlines()[-len(versions):]))


@pytest.fixture(scope="module")
def generated(warehouse):
    root, _ = warehouse
    return generate(root, "sales:0", "sales:1", "sales:2", "mapped:0", "mapped:1", "nested:0")


def iceberg_rows(location: str) -> list:
    from pyiceberg.table import StaticTable

    table = StaticTable.from_metadata(location)
    return sorted(table.scan().to_arrow().to_pylist(), key=lambda r: r["id"])


def as_written(rows: list) -> list:
    """The JSON of the rows delta-rs was given, in pyarrow's Python values."""
    typed = []
    for r in rows:
        r = dict(r)
        if "price" in r:
            r["price"] = decimal.Decimal(r["price"])
            r["ts"] = dt.datetime.fromisoformat(r["ts"])
            r["day"] = dt.date.fromisoformat(r["day"])
        typed.append(r)
    return typed


@pytest.mark.parametrize("version", [0, 1, 2])
def test_each_version_of_a_partitioned_table_reads_as_delta_rs_wrote_it(warehouse, generated, version):
    _, written = warehouse
    location = generated[f"sales:{version}"]
    assert location.endswith(f"/metadata/v{version}.metadata.json")
    assert iceberg_rows(location) == as_written(written["sales"][str(version)])


def test_the_same_version_is_generated_once_and_found_after_by_another_replica(warehouse, generated):
    root, _ = warehouse
    first = generated["sales:1"]
    path = pathlib.Path(first.removeprefix("file://"))
    before = (path.stat().st_mtime_ns, sorted(p.name for p in path.parent.iterdir()))
    assert generate(root, "sales:1")["sales:1"] == first
    assert (path.stat().st_mtime_ns, sorted(p.name for p in path.parent.iterdir())) == before


@pytest.mark.parametrize("version", [0, 1])
def test_a_column_mapped_table_reads_by_field_ids(warehouse, generated, version):
    _, written = warehouse
    from pyiceberg.table import StaticTable

    location = generated[f"mapped:{version}"]
    assert [f.name for f in StaticTable.from_metadata(location).schema().fields] == ["id", "full name", "region"]
    assert iceberg_rows(location) == written["mapped"][str(version)]


def test_nested_columns_read_back(warehouse, generated):
    _, written = warehouse
    assert iceberg_rows(generated["nested:0"]) == written["nested"]["0"]


def test_a_version_with_deletion_vectors_is_refused_naming_the_feature(warehouse):
    root, _ = warehouse
    done = run_generator(root, "dv:1")
    assert done.returncode != 0
    assert "deletion vectors" in done.stderr and "deletionVectors" in done.stderr


def test_in_s3_replicas_generating_a_version_at_once_agree_and_pyiceberg_reads_it(minio, tmp_path):
    """In MinIO: the metadata file is written with a conditional write (If-None-Match), so two
    replicas generating the same version at the same moment hand out the same, whole, metadata."""
    import pyarrow as pa
    from deltalake import write_deltalake
    from harness import s3_filesystem
    from pyiceberg.table import StaticTable

    bucket = "delta-as-iceberg"
    s3_filesystem(minio).create_dir(bucket)
    schema = pa.schema([("id", pa.int64()), ("city", pa.string()), ("country", pa.string())])
    first = [{"id": 1, "city": "Oslo", "country": "no"}, {"id": 2, "city": "Lyon", "country": "fr"}]
    second = [{"id": 3, "city": "Bergen", "country": "no"}]
    uri = f"s3://{bucket}/cities"
    write_deltalake(uri, pa.Table.from_pylist(first, schema), partition_by=["country"],
                    storage_options=minio.storage_options())
    write_deltalake(uri, pa.Table.from_pylist(second, schema), mode="append", partition_by=["country"],
                    storage_options=minio.storage_options())

    env = dict(os.environ, LAKESHARE_STORAGE_S3_ENDPOINT=minio.endpoint,
               LAKESHARE_STORAGE_S3_ACCESS_KEY_ID=minio.access_key,
               LAKESHARE_STORAGE_S3_SECRET_ACCESS_KEY=minio.secret_key)
    command = ["java", "-cp", classpath(), "io.lakeshare.tables.iceberg.DeltaAsIcebergOnDisk"]
    replicas = [subprocess.Popen(command + [str(tmp_path / f"replica{i}"), bucket, "cities/:1"],
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
                for i in range(2)]
    outputs = [r.communicate(timeout=300) for r in replicas]
    assert all(r.returncode == 0 for r in replicas), [err[-3000:] for _, err in outputs]
    locations = {out.strip().splitlines()[-1] for out, _ in outputs}
    assert len(locations) == 1, locations
    location = locations.pop()
    assert location.startswith(f"s3://{bucket}/_lakeshare/iceberg/") and location.endswith("/metadata/v1.metadata.json")

    table = StaticTable.from_metadata(location, properties={
        "s3.endpoint": minio.endpoint, "s3.access-key-id": minio.access_key,
        "s3.secret-access-key": minio.secret_key, "s3.region": "us-east-1"})
    assert len(table.metadata.snapshots) == 1
    assert sorted(table.scan().to_arrow().to_pylist(), key=lambda r: r["id"]) == first + second
