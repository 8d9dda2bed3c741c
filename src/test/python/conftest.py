"""The recipient-side test harness: a real MinIO built from source, the packaged Lakeshare server,
the `lakeshare` CLI, and the official delta-sharing Python connector. Nothing is mocked."""
import json
import os
import pathlib
import re
import shutil
import subprocess
import time
from dataclasses import dataclass

import pytest

from harness import ROOT, s3_filesystem, start_minio, start_rest_catalog, start_server, stop
FIXTURE_BUCKET = "fixtures"
# The server's list endpoints page at this size in these tests, so the connector has to page.
LIST_PAGE_SIZE = 2


@pytest.fixture(scope="session")
def workdir(tmp_path_factory) -> pathlib.Path:
    return tmp_path_factory.mktemp("lakeshare")


@pytest.fixture(scope="session")
def minio(workdir):
    process, minio = start_minio(workdir)
    try:
        yield minio
    finally:
        stop(process)


@pytest.fixture(scope="session")
def s3_orders_table(minio) -> str:
    """A Delta table written into MinIO by delta-rs; returns its prefix in the fixture bucket."""
    import pyarrow as pa
    from deltalake import write_deltalake

    s3 = s3_filesystem(minio)
    s3.create_dir(FIXTURE_BUCKET)
    orders = pa.table({"order_id": pa.array([1, 2, 3], pa.int64()), "amount": [9.5, 20.0, 3.25]})
    write_deltalake(f"s3://{FIXTURE_BUCKET}/sales/orders", orders, storage_options=minio.storage_options())
    return "sales/orders/"


@dataclass
class WrittenTable:
    """A table a real writer wrote, with what it holds at each version, to compare reads against."""
    prefix: str
    rows_at: dict  # version -> list of row dicts, sorted by "id"
    commit_ms: dict  # version -> commit timestamp in ms


def recipient_with_share(owner, s3_orders_table, *networks):
    """A new recipient, allowed the given networks (none: anywhere), granted a new share of the S3
    orders table; returns (recipient, share)."""
    suffix = str(time.monotonic_ns())[-8:]
    name, share = f"partner_{suffix}", f"orders_{suffix}"
    owner.cli("share", "create", share, "sales", f"orders:delta:{FIXTURE_BUCKET}:{s3_orders_table}")
    owner.cli("recipient", "create", name, *[a for n in networks for a in ("--allow-ip", n)])
    owner.cli("share", "grant", share, name)
    return name, share


def sorted_rows(table) -> list:
    return sorted(table.to_pylist(), key=lambda r: r["id"])


PROXIED_BUCKET = "proxied"


@pytest.fixture(scope="session")
def proxied_table(minio) -> list:
    """A delta-rs table in an S3 bucket configured for proxy URLs: recipients fetch its files from
    Lakeshare, which streams them from S3. Returns the rows written."""
    import pyarrow as pa
    from deltalake import write_deltalake

    s3 = s3_filesystem(minio)
    s3.create_dir(PROXIED_BUCKET)
    rows = [{"id": i, "word": w} for i, w in enumerate(["alpha", "beta", "gamma"], start=1)]
    write_deltalake(f"s3://{PROXIED_BUCKET}/words", pa.Table.from_pylist(rows), storage_options=minio.storage_options())
    return rows


@pytest.fixture(scope="session")
def s3_sales_table(minio, s3_orders_table) -> WrittenTable:
    """Written into MinIO by delta-rs: partitioned (with values that need escaping in paths),
    appends, an overwrite, a checkpoint, then many small files."""
    import pyarrow as pa
    from deltalake import DeltaTable, write_deltalake

    uri = f"s3://{FIXTURE_BUCKET}/sales/transactions"
    options = minio.storage_options()
    rows_at, current = {}, []
    next_id = iter(range(1, 10_000))

    def batch(regions):
        return [{"id": next(next_id), "region": r, "amount": float(len(r) * 10), "note": f"row in {r}"} for r in regions]

    def commit(rows, mode):
        nonlocal current
        schema = pa.schema([("id", pa.int64()), ("region", pa.string()), ("amount", pa.float64()), ("note", pa.string())])
        write_deltalake(uri, pa.Table.from_pylist(rows, schema=schema), mode=mode, partition_by=["region"],
                        storage_options=options)
        current = sorted((current if mode == "append" else []) + rows, key=lambda r: r["id"])
        version = DeltaTable(uri, storage_options=options).version()
        rows_at[version] = current

    commit(batch(["us-east", "eu west", "ap/south%1"]), "overwrite")      # v0, first write
    commit(batch(["us-east", "eu west"]), "append")                       # v1
    commit(batch(["eu west", "eu west", "us-east"]), "overwrite")          # v2, replaces everything
    commit(batch(["ap/south%1"]), "append")                               # v3
    DeltaTable(uri, storage_options=options).create_checkpoint()          # checkpoint at v3
    for _ in range(12):                                                    # v4..v15, one small file each
        commit(batch(["us-east"]), "append")
    history = DeltaTable(uri, storage_options=options).history()
    commit_ms = {h["version"]: h["timestamp"] for h in history}
    return WrittenTable("sales/transactions/", rows_at, commit_ms)


def rewrite_commits_in_order(s3, local_table: pathlib.Path, remote_table: str) -> None:
    """A commit's time is its log file's modification time, and a parallel upload scrambles them:
    write the commit files again one by one, in version order, a few milliseconds apart."""
    import time
    for commit in sorted((local_table / "_delta_log").glob("*.json")):
        with s3.open_output_stream(f"{remote_table}/_delta_log/{commit.name}") as out:
            out.write(commit.read_bytes())
        time.sleep(0.01)


SPARK_TABLES = ["spark_dv", "spark_cm", "spark_ntz", "spark_escaped", "spark_uniform"]
SPARK_JARS = ROOT / "target" / "spark-jars"


@pytest.fixture(scope="session")
def spark_tables(minio) -> dict:
    """Tables written by Delta Spark (fixtures/spark_tables.py), generated once per machine into a
    cache keyed by the script, then copied into MinIO under spark/. Returns name -> expected rows."""
    import hashlib
    from pyarrow import fs

    script = pathlib.Path(__file__).parent / "fixtures" / "spark_tables.py"
    key = hashlib.sha256(script.read_bytes()).hexdigest()[:16]
    cache = pathlib.Path(os.environ.get("XDG_CACHE_HOME", pathlib.Path.home() / ".cache")) / "lakeshare" / f"spark-{key}"
    if not (cache / ".done").exists():
        jars = sorted(str(j) for j in SPARK_JARS.glob("*.jar"))
        if not jars:
            pytest.fail(f"No Delta Spark jars in {SPARK_JARS}; ./dev test fetches them")
        shutil.rmtree(cache, ignore_errors=True)
        cache.mkdir(parents=True)
        log = cache.parent / f"spark-{key}.log"
        with open(log, "w") as out:
            if subprocess.run(["python3", str(script), str(cache), *jars], stdout=out, stderr=subprocess.STDOUT).returncode:
                pytest.fail(f"Delta Spark could not write the fixtures; see {log}")
        (cache / ".done").touch()
    s3 = s3_filesystem(minio)
    s3.create_dir(FIXTURE_BUCKET)
    expected = {}
    for extra in ("spark_clone", "spark_cdf", "spark_cdf_late", "spark_dv_cdf"):
        fs.copy_files(str(cache / extra), f"{FIXTURE_BUCKET}/spark/{extra}", source_filesystem=fs.LocalFileSystem(),
                      destination_filesystem=s3)
        rewrite_commits_in_order(s3, cache / extra, f"{FIXTURE_BUCKET}/spark/{extra}")
    expected["spark_cdf.changes"] = json.loads((cache / "spark_cdf.changes.json").read_text())
    expected["spark_dv_cdf.changes"] = json.loads((cache / "spark_dv_cdf.changes.json").read_text())
    for name in SPARK_TABLES:
        fs.copy_files(str(cache / name), f"{FIXTURE_BUCKET}/spark/{name}", source_filesystem=fs.LocalFileSystem(),
                      destination_filesystem=s3)
        expected[name] = json.loads((cache / f"{name}.expected.json").read_text())
    return expected


@pytest.fixture(scope="session")
def iceberg_tables(workdir, minio, s3_orders_table) -> dict:
    """Iceberg tables written by pyiceberg into the fixture bucket (see fixtures/iceberg_tables.py)."""
    from fixtures.iceberg_tables import write_all
    return write_all(workdir, minio, FIXTURE_BUCKET)


@pytest.fixture(scope="session")
def rest_tables(minio, rest_catalog) -> dict:
    """Tables pyiceberg wrote through the REST catalog (see fixtures/iceberg_tables.py)."""
    from fixtures.iceberg_tables import write_rest_tables
    return write_rest_tables(rest_catalog, minio)


ICEBERG_LOCAL_BUCKET = "localice"


@pytest.fixture(scope="session")
def iceberg_delete_tables(workdir, server) -> dict:
    """Iceberg tables with deletes in the server's local warehouse (see fixtures/iceberg_tables.py);
    Iceberg Java, on the test classpath, commits the deletes."""
    from fixtures.iceberg_tables import write_delete_tables
    classpath_file = ROOT / "target" / "test-classpath.txt"
    if not classpath_file.exists():
        subprocess.run([str(ROOT / "mvnw"), "-B", "-q", "dependency:build-classpath", f"-Dmdep.outputFile={classpath_file}",
                        "-Dmdep.includeScope=test"], cwd=ROOT, check=True)
    return write_delete_tables(workdir, server.data_dir / "warehouse", ICEBERG_LOCAL_BUCKET, ROOT,
                               classpath_file.read_text().strip())


# The warehouse name under which the server knows the REST catalog (lakeshare.iceberg.catalogs.<name>).
REST_WAREHOUSE = "lake"


@pytest.fixture(scope="session")
def rest_catalog(workdir, minio, s3_orders_table):
    """Apache Iceberg's REST catalog server, keeping its tables in the fixture bucket."""
    process, uri = start_rest_catalog(workdir, minio, f"s3://{FIXTURE_BUCKET}/rest/")
    try:
        yield uri
    finally:
        stop(process)


@pytest.fixture(scope="session")
def server(workdir, minio, rest_catalog):
    process, server = start_server(workdir, minio, java_options=[
        f"-Dlakeshare.iceberg.catalogs.{REST_WAREHOUSE}.uri={rest_catalog}",
        f"-Dlakeshare.storage.buckets.{FIXTURE_BUCKET}.store=s3",
        f"-Dlakeshare.storage.buckets.{PROXIED_BUCKET}.store=s3",
        f"-Dlakeshare.storage.buckets.{PROXIED_BUCKET}.urls=proxy"],
        env_overrides={"LAKESHARE_LISTING_DEFAULT_PAGE_SIZE": str(LIST_PAGE_SIZE)})
    try:
        yield server
    finally:
        stop(process)
        # Secrets never reach the log: neither recipients' tokens nor the admin credential.
        text = server.log.read_text()
        admin_token = (server.data_dir / "admin-token").read_text().strip()
        assert admin_token not in text, "the admin credential leaked into the server log"
        assert not re.search(r"dapi[0-9a-f]{64}", text), "a recipient token leaked into the server log"
