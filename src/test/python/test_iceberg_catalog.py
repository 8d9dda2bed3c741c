"""The Iceberg REST catalog recipients read shares through: pyiceberg's RestCatalog, configured from
`token create --json` alone (uri, warehouse, token), lists a share's schemas and tables and reads the
Iceberg tables pyiceberg wrote into MinIO, with every S3 request signed by the server (the client has
no S3 credentials). Writes are refused, other shares' tokens see nothing, and signing covers the
table's own files only."""
import json
import os
import pathlib
import subprocess
import urllib.parse

import pyarrow.fs as pafs
import pytest
import requests
from pyiceberg.catalog.rest import RestCatalog
from pyiceberg.exceptions import BadRequestError, NoSuchTableError, RESTError, SignError

from conftest import FIXTURE_BUCKET

SHARE = "icecat"


def _keep_clients_that_sent_nothing_yet():
    """s3fs 2026.2.0 (the newest the connector's fsspec pin allows) makes a new S3 client whenever its
    client has opened no HTTP session yet, that is before every first request, and so drops the request
    signer pyiceberg registered on the client it had (fsspec/s3fs#1019, fixed upstream by #1020). While
    that version is installed, a client that has sent nothing is kept, as upstream now does."""
    import s3fs.core
    if s3fs.__version__ not in ("2026.2.0", "2026.3.0", "2026.4.0"):
        return
    original = s3fs.core.S3FileSystem.set_session

    async def set_session(self, refresh=False, kwargs={}):
        http = getattr(getattr(self._s3, "_endpoint", None), "http_session", None)
        if not refresh and http is not None and getattr(http, "_sessions", None) == {}:
            return self._s3
        return await original(self, refresh, kwargs)

    s3fs.core.S3FileSystem.set_session = set_session


_keep_clients_that_sent_nothing_yet()


@pytest.fixture(scope="module")
def created(server, iceberg_tables, s3_orders_table):
    specs = [f"{name}:iceberg:{FIXTURE_BUCKET}:{iceberg_tables[name].prefix}" for name in ("people", "events", "orders")]
    server.cli("share", "create", SHARE, "db", *specs, f"orders_delta:delta:{FIXTURE_BUCKET}:{s3_orders_table}")
    server.cli("share", "update", SHARE, "--history", "db/orders=off")
    return json.loads(server.cli("token", "create", SHARE, "--json").stdout)


def open_catalog(created, **extra):
    settings = created["iceberg"]
    return RestCatalog("lakeshare", uri=settings["uri"], warehouse=settings["warehouse"], token=created["token"], **extra)


def test_token_create_names_the_catalog(server, created):
    assert created["iceberg"] == {"uri": server.url + "/iceberg", "warehouse": SHARE}


def test_the_shares_schemas_and_tables_are_the_catalogs_namespaces_and_tables(created):
    catalog = open_catalog(created)
    assert catalog.list_namespaces() == [("db",)]
    assert sorted(catalog.list_tables("db")) == [("db", "events"), ("db", "orders"), ("db", "orders_delta"), ("db", "people")]
    assert catalog.namespace_exists("db") and not catalog.namespace_exists("nope")
    assert catalog.table_exists("db.people") and not catalog.table_exists("db.nope")


@pytest.mark.parametrize("name", ["people", "events"])
def test_tables_read_as_their_writer_wrote_them_through_remote_signing(created, iceberg_tables, name):
    table = open_catalog(created).load_table(f"db.{name}")
    assert type(table.io).__name__ == "FsspecFileIO"
    assert not any(k in table.io.properties for k in ("s3.access-key-id", "s3.secret-access-key")), \
        "the client holds no S3 credentials: the server signs its requests"
    assert table.io.properties["s3.remote-signing-enabled"] == "true"
    written = iceberg_tables[name]
    latest = max(written.rows_at)
    assert table.current_snapshot().sequence_number == latest
    rows = sorted(table.scan().to_arrow().to_pylist(), key=lambda r: r["id"])
    assert rows == written.rows_at[latest]
    # History shared: every snapshot is there to time-travel to.
    assert sorted(s.sequence_number for s in table.snapshots()) == sorted(written.rows_at)
    first = min(written.rows_at)
    snapshot = next(s for s in table.snapshots() if s.sequence_number == first)
    assert sorted(table.scan(snapshot_id=snapshot.snapshot_id).to_arrow().to_pylist(), key=lambda r: r["id"]) \
        == written.rows_at[first]


def test_history_off_leaves_only_the_current_snapshot(created, iceberg_tables):
    table = open_catalog(created).load_table("db.orders")
    written = iceberg_tables["orders"]
    assert len(written.rows_at) > 1
    assert [s.sequence_number for s in table.snapshots()] == [max(written.rows_at)]
    assert table.metadata.metadata_log == []
    assert sorted(table.scan().to_arrow().to_pylist(), key=lambda r: r["id"]) == written.rows_at[max(written.rows_at)]


def test_a_delta_table_reads_as_its_writer_wrote_it_through_remote_signing(created):
    """A Delta table loads as the Iceberg metadata generated for its latest version, kept in the
    server's own location of the table's bucket; its files are read with requests the server signs."""
    table = open_catalog(created).load_table("db.orders_delta")
    assert not any(k in table.io.properties for k in ("s3.access-key-id", "s3.secret-access-key"))
    assert table.io.properties["s3.remote-signing-enabled"] == "true"
    assert table.metadata_location.startswith(f"s3://{FIXTURE_BUCKET}/_lakeshare/iceberg/")
    assert table.metadata_location.endswith("/metadata/v0.metadata.json")
    assert table.location() == f"s3://{FIXTURE_BUCKET}/sales/orders"
    assert len(table.snapshots()) == 1
    rows = sorted(table.scan().to_arrow().to_pylist(), key=lambda r: r["order_id"])
    assert rows == [{"order_id": 1, "amount": 9.5}, {"order_id": 2, "amount": 20.0}, {"order_id": 3, "amount": 3.25}]
    with pytest.raises(NoSuchTableError):
        open_catalog(created).load_table("db.nope")


DELTA_SHARE = "icecat_delta"


@pytest.fixture(scope="module")
def delta_share(server, minio):
    """A partitioned Delta table delta-rs writes into MinIO, and one whose second version deletes a
    row by a deletion vector, shared in a share of their own."""
    import pyarrow as pa
    from deltalake import write_deltalake
    from harness import s3_filesystem

    s3 = s3_filesystem(minio)
    s3.create_dir(FIXTURE_BUCKET)
    schema = pa.schema([("id", pa.int64()), ("city", pa.string()), ("country", pa.string())])
    first = [{"id": 1, "city": "Oslo", "country": "no"}, {"id": 2, "city": "Lyon", "country": "fr"}]
    write_deltalake(f"s3://{FIXTURE_BUCKET}/catalog/cities", pa.Table.from_pylist(first, schema),
                    partition_by=["country"], storage_options=minio.storage_options())

    dv = f"s3://{FIXTURE_BUCKET}/catalog/dv"
    write_deltalake(dv, pa.Table.from_pylist([{"id": 1}, {"id": 2}, {"id": 3}]),
                    configuration={"delta.enableDeletionVectors": "true"}, storage_options=minio.storage_options())
    log = f"{FIXTURE_BUCKET}/catalog/dv/_delta_log"
    with s3.open_input_stream(f"{log}/{0:020d}.json") as commit0:
        actions = [json.loads(line) for line in commit0.read().decode().splitlines() if line.strip()]
    add = next(a["add"] for a in actions if "add" in a)
    now = add["modificationTime"] + 1000
    remove = {"path": add["path"], "deletionTimestamp": now, "dataChange": True, "extendedFileMetadata": True,
              "partitionValues": {}, "size": add["size"]}
    # An inline vector (storage type "i") deleting one row, as Delta Spark writes small ones.
    with_dv = dict(add, deletionVector={"storageType": "i", "pathOrInlineDv": "wi5b=000010000siXQKl0rr91000f55c8Xg0@@D72lkbi5=-{L",
                                        "sizeInBytes": 40, "cardinality": 1}, dataChange=True)
    commit1 = [{"commitInfo": {"timestamp": now, "operation": "DELETE", "operationParameters": {}}},
               {"remove": remove}, {"add": with_dv}]
    with s3.open_output_stream(f"{log}/{1:020d}.json") as out:
        out.write(("\n".join(json.dumps(a) for a in commit1) + "\n").encode())

    server.cli("share", "create", DELTA_SHARE, "db", f"cities:delta:{FIXTURE_BUCKET}:catalog/cities/",
               f"dv:delta:{FIXTURE_BUCKET}:catalog/dv/")
    created = json.loads(server.cli("token", "create", DELTA_SHARE, "--json").stdout)
    return {"created": created, "schema": schema, "first": first}


def test_a_delta_tables_new_commit_is_read_and_its_generated_metadata_reused_until_then(server, minio, delta_share):
    import pyarrow as pa
    from deltalake import write_deltalake

    catalog = open_catalog(delta_share["created"])
    table = catalog.load_table("db.cities")
    assert sorted(table.scan().to_arrow().to_pylist(), key=lambda r: r["id"]) == delta_share["first"]
    assert [f.name for f in table.spec().fields] == ["country"], "Delta's partition column, as an identity partition"
    # Loaded again, the same generated metadata file: nothing is generated twice.
    assert catalog.load_table("db.cities").metadata_location == table.metadata_location

    second = [{"id": 3, "city": "Bergen", "country": "no"}]
    write_deltalake(f"s3://{FIXTURE_BUCKET}/catalog/cities", pa.Table.from_pylist(second, delta_share["schema"]),
                    mode="append", partition_by=["country"], storage_options=minio.storage_options())
    after = catalog.load_table("db.cities")
    assert after.metadata_location != table.metadata_location
    assert after.metadata_location.endswith("/metadata/v1.metadata.json")
    assert len(after.snapshots()) == 1, "each generated version holds its own snapshot only"
    assert sorted(after.scan().to_arrow().to_pylist(), key=lambda r: r["id"]) == delta_share["first"] + second
    assert sorted(after.scan(row_filter="country == 'no'").to_arrow().to_pylist(), key=lambda r: r["id"]) \
        == [delta_share["first"][0], second[0]]


def test_signing_a_delta_table_covers_its_files_and_its_generated_metadata_only(server, minio, delta_share):
    token = delta_share["created"]["token"]
    table = open_catalog(delta_share["created"]).load_table("db.cities")

    def signed(uri):
        return requests.post(f"{server.url}/iceberg/v1/{DELTA_SHARE}/namespaces/db/tables/cities/sign",
                             headers={"Authorization": "Bearer " + token},
                             json={"region": "us-east-1", "method": "GET", "uri": uri,
                                   "headers": {"User-Agent": ["test"]}})

    metadata_key = urllib.parse.urlsplit(table.metadata_location).path
    data_key = urllib.parse.urlsplit(table.inspect.files().to_pylist()[0]["file_path"]).path
    for key in (metadata_key, data_key, "/catalog/cities/_delta_log/00000000000000000000.json"):
        answer = signed(f"{minio.endpoint}/{FIXTURE_BUCKET}{urllib.parse.quote(key)}")
        assert answer.status_code == 200, (key, answer.text)
    generated_root = metadata_key.rsplit("/", 3)[0]  # /_lakeshare/iceberg
    for key in ("/catalog/dv/_delta_log/00000000000000000000.json", "/sales/orders/_delta_log/00000000000000000000.json",
                f"{generated_root}/other/metadata/v0.metadata.json", "/catalog/citiesx/part-0.parquet"):
        answer = signed(f"{minio.endpoint}/{FIXTURE_BUCKET}{key}")
        assert answer.status_code == 403, (key, answer.text)


def test_a_delta_table_with_deletion_vectors_is_refused_naming_the_feature(server, delta_share):
    with pytest.raises(BadRequestError) as refused:
        open_catalog(delta_share["created"]).load_table("db.dv")
    assert "deletion vectors" in str(refused.value) and "deletionVectors" in str(refused.value)
    answer = requests.get(f"{server.url}/iceberg/v1/{DELTA_SHARE}/namespaces/db/tables/dv",
                          headers={"Authorization": "Bearer " + delta_share["created"]["token"]})
    assert answer.status_code == 400 and answer.json()["error"]["type"] == "BadRequestException"


def test_writes_are_refused(server, created, iceberg_tables):
    catalog = open_catalog(created)
    table = catalog.load_table("db.people")
    # The catalog advertises read endpoints only: pyiceberg refuses writes before sending them...
    with pytest.raises(NotImplementedError):
        catalog.create_namespace("x")
    with pytest.raises(NotImplementedError):
        catalog.drop_table("db.people")
    # An append's data file never reaches S3: the server signs no PUT.
    with pytest.raises(SignError, match="403"):
        table.append(table.scan().to_arrow())
    # ... and the server refuses them when sent all the same.
    auth = {"Authorization": "Bearer " + created["token"]}
    base = f"{server.url}/iceberg/v1/{SHARE}"
    for method, path, body in [("POST", "/namespaces", {"namespace": ["x"]}), ("DELETE", "/namespaces/db", None),
                               ("POST", "/namespaces/db/tables", {"name": "t", "schema": {}}),
                               ("POST", "/namespaces/db/tables/people", {"requirements": [], "updates": []}),
                               ("DELETE", "/namespaces/db/tables/people", None),
                               ("POST", "/tables/rename", {}), ("POST", "/namespaces/db/register", {})]:
        answer = requests.request(method, base + path, headers=auth, json=body)
        assert answer.status_code == 403, (method, path, answer.text)
        assert answer.json()["error"]["type"] == "ForbiddenException" and answer.json()["error"]["code"] == 403
    # Nothing changed.
    assert catalog.load_table("db.people").metadata_location == table.metadata_location


def test_another_shares_token_is_refused(server, created, tmp_path):
    server.cli("share", "create", "icecat_other", "db", "employees:delta:demo:employees/")
    other = json.loads(server.cli("token", "create", "icecat_other", "--json").stdout)
    with pytest.raises(RESTError) as refused:
        RestCatalog("other", uri=other["iceberg"]["uri"], warehouse=SHARE, token=other["token"])
    assert "NoSuchWarehouseException" in str(refused.value)
    answer = requests.get(f"{server.url}/iceberg/v1/{SHARE}/namespaces/db/tables/people",
                          headers={"Authorization": "Bearer " + other["token"]})
    assert answer.status_code == 404 and answer.json()["error"]["type"] == "NoSuchWarehouseException"
    # Its own share it does see, as the Delta Sharing API shows it.
    own = RestCatalog("own", uri=other["iceberg"]["uri"], warehouse=other["iceberg"]["warehouse"], token=other["token"])
    assert own.list_tables("db") == [("db", "employees")]


def test_a_recipients_token_names_the_share_as_warehouse(server, created):
    server.cli("recipient", "create", "icecat_partner")
    server.cli("share", "grant", SHARE, "icecat_partner")
    token = json.loads(server.cli("token", "create", "--recipient", "icecat_partner", "--json").stdout)
    assert token["iceberg"] == {"uri": server.url + "/iceberg"}
    catalog = RestCatalog("partner", uri=token["iceberg"]["uri"], warehouse=SHARE, token=token["token"])
    assert ("db", "people") in catalog.list_tables("db")
    server.cli("share", "revoke", SHARE, "icecat_partner")
    with pytest.raises(RESTError):
        RestCatalog("partner", uri=token["iceberg"]["uri"], warehouse=SHARE, token=token["token"])


def sign(server, token, table, method, uri):
    return requests.post(f"{server.url}/iceberg/v1/{SHARE}/namespaces/db/tables/{table}/sign",
                         headers={"Authorization": "Bearer " + token},
                         json={"region": "us-east-1", "method": method, "uri": uri, "headers": {"User-Agent": ["test"]}})


def test_signing_covers_the_tables_own_files_only(server, minio, created, iceberg_tables):
    people = open_catalog(created).load_table("db.people")
    data_file = next(iter(people.inspect.files().to_pylist()))["file_path"]
    bucket, key = urllib.parse.urlsplit(data_file).netloc, urllib.parse.urlsplit(data_file).path.lstrip("/")
    inside = f"{minio.endpoint}/{bucket}/{urllib.parse.quote(key)}"
    signed = sign(server, created["token"], "people", "GET", inside)
    assert signed.status_code == 200, signed.text
    headers = {name: ", ".join(values) for name, values in signed.json()["headers"].items()}
    assert requests.get(signed.json()["uri"], headers=headers).status_code == 200, "MinIO accepts the signature"
    assert requests.get(inside).status_code == 403, "and refuses the same request unsigned"
    # Another table's file, a file outside any table, a listing, and a path that climbs out: refused.
    events_file = next(iter(open_catalog(created).load_table("db.events").inspect.files().to_pylist()))["file_path"]
    prefix = iceberg_tables["people"].prefix
    for uri in [f"{minio.endpoint}/{FIXTURE_BUCKET}{urllib.parse.urlsplit(events_file).path}",
                f"{minio.endpoint}/{FIXTURE_BUCKET}/sales/orders/_delta_log/00000000000000000000.json",
                f"{minio.endpoint}/{FIXTURE_BUCKET}?list-type=2&prefix={prefix}",
                f"{minio.endpoint}/{FIXTURE_BUCKET}/{prefix}../events/metadata/x.json",
                f"http://example.com:1/{FIXTURE_BUCKET}/{prefix}data/x.parquet"]:
        refused = sign(server, created["token"], "people", "GET", uri)
        assert refused.status_code == 403, (uri, refused.text)
        assert refused.json()["error"]["type"] == "ForbiddenException"
    for method in ("PUT", "POST", "DELETE"):
        refused = sign(server, created["token"], "people", method, inside)
        assert refused.status_code == 403 and refused.json()["error"]["type"] == "ForbiddenException"
    # Signing needs the token too.
    assert requests.post(f"{server.url}/iceberg/v1/{SHARE}/namespaces/db/tables/people/sign",
                         json={"method": "GET", "uri": inside, "headers": {}}).status_code == 401


def vended_filesystem(minio, props):
    """MinIO as the vended keys in a table load's config reach it, and no further."""
    return pafs.S3FileSystem(endpoint_override=minio.endpoint, scheme="http", region="us-east-1",
                             access_key=props["s3.access-key-id"], secret_key=props["s3.secret-access-key"],
                             session_token=props["s3.session-token"])


def test_a_table_opened_to_directory_access_reads_with_vended_credentials(server, minio, created, iceberg_tables):
    """pyiceberg asks for vended credentials by default: a table the owner opened to directory access
    comes with STS keys that read its prefix only, and is read with them; the others stay signed."""
    server.cli("share", "update", SHARE, "--access", "db/events=dir")
    try:
        table = open_catalog(created).load_table("db.events")
        props = table.io.properties
        assert props.get("s3.access-key-id") and props.get("s3.session-token"), "STS keys in the load result"
        assert "s3.remote-signing-enabled" not in props and type(table.io).__name__ != "FsspecFileIO"
        written = iceberg_tables["events"]
        latest = max(written.rows_at)
        rows = sorted(table.scan().to_arrow().to_pylist(), key=lambda r: r["id"])
        assert rows == written.rows_at[latest]

        # The keys read the table's prefix only: another table's metadata is refused by MinIO itself.
        fs = vended_filesystem(minio, props)
        events_prefix = iceberg_tables["events"].prefix.rstrip("/")
        own = fs.get_file_info(pafs.FileSelector(f"{FIXTURE_BUCKET}/{events_prefix}", recursive=True))
        assert any(f.path.endswith(".metadata.json") for f in own)
        with pytest.raises(OSError):
            fs.get_file_info(pafs.FileSelector(f"{FIXTURE_BUCKET}/{iceberg_tables['people'].prefix.rstrip('/')}",
                                               recursive=True))
        with pytest.raises(OSError):
            with fs.open_output_stream(f"{FIXTURE_BUCKET}/{events_prefix}/data/intruder.parquet") as out:
                out.write(b"x")

        # The credentials endpoint hands the same kind of keys out; a table not opened stays signed.
        answer = requests.get(f"{server.url}/iceberg/v1/{SHARE}/namespaces/db/tables/events/credentials",
                              headers={"Authorization": f"Bearer {created['token']}"}, timeout=30).json()
        assert answer["storage-credentials"][0]["config"]["s3.access-key-id"]
        people = open_catalog(created).load_table("db.people")
        assert people.io.properties["s3.remote-signing-enabled"] == "true"
        assert "s3.access-key-id" not in people.io.properties
    finally:
        server.cli("share", "update", SHARE, "--access", "db/events=url")


def test_a_delta_table_opened_to_directory_access_reads_with_vended_credentials(server, minio, created, iceberg_tables):
    """A Delta table's Iceberg metadata is generated outside its root: the vended keys read that
    generated metadata and the table's own files, and still nothing else."""
    server.cli("share", "update", SHARE, "--access", "db/orders_delta=dir")
    try:
        table = open_catalog(created).load_table("db.orders_delta")
        props = table.io.properties
        assert props.get("s3.access-key-id") and props.get("s3.session-token"), "STS keys in the load result"
        assert "s3.remote-signing-enabled" not in props and type(table.io).__name__ != "FsspecFileIO"
        assert table.metadata_location.startswith(f"s3://{FIXTURE_BUCKET}/_lakeshare/iceberg/")
        rows = sorted(table.scan().to_arrow().to_pylist(), key=lambda r: r["order_id"])
        assert rows == [{"order_id": 1, "amount": 9.5}, {"order_id": 2, "amount": 20.0}, {"order_id": 3, "amount": 3.25}]

        fs = vended_filesystem(minio, props)
        generated = table.metadata_location.removeprefix("s3://").rsplit("/", 1)[0]  # bucket/…/<hash>/metadata
        assert any(f.path.endswith(".metadata.json")
                   for f in fs.get_file_info(pafs.FileSelector(generated, recursive=True)))
        own = fs.get_file_info(pafs.FileSelector(f"{FIXTURE_BUCKET}/sales/orders/_delta_log"))
        assert any(f.path.endswith(".json") for f in own)
        # Not another table, not other generated metadata, not a write into either place.
        people = iceberg_tables["people"].prefix.rstrip("/")
        for outside in (f"{FIXTURE_BUCKET}/{people}", f"{FIXTURE_BUCKET}/_lakeshare/iceberg"):
            with pytest.raises(OSError):
                fs.get_file_info(pafs.FileSelector(outside, recursive=True))
        for intruder in (f"{FIXTURE_BUCKET}/sales/orders/intruder.parquet", f"{generated}/intruder.json"):
            with pytest.raises(OSError):
                with fs.open_output_stream(intruder) as out:
                    out.write(b"x")

        # The credentials endpoint lists the keys for both places, the table's root first.
        answer = requests.get(f"{server.url}/iceberg/v1/{SHARE}/namespaces/db/tables/orders_delta/credentials",
                              headers={"Authorization": f"Bearer {created['token']}"}, timeout=30).json()
        prefixes = [c["prefix"] for c in answer["storage-credentials"]]
        assert prefixes == [f"s3://{FIXTURE_BUCKET}/sales/orders/", f"s3://{generated}/"]
        assert {c["config"]["s3.access-key-id"] for c in answer["storage-credentials"]} == {props["s3.access-key-id"]}
    finally:
        server.cli("share", "update", SHARE, "--access", "db/orders_delta=url")


ICEBERG_SPARK_JARS = pathlib.Path(__file__).resolve().parents[3] / "target" / "iceberg-spark-jars"

SPARK_READER = r"""
import json, sys
from pyspark.sql import SparkSession
uri, warehouse, token, jars = sys.argv[1:5]
spark = (SparkSession.builder.master("local[1]").appName("iceberg-catalog-reader")
         .config("spark.jars", jars)
         .config("spark.ui.enabled", "false")
         .config("spark.sql.catalog.shared", "org.apache.iceberg.spark.SparkCatalog")
         .config("spark.sql.catalog.shared.type", "rest")
         .config("spark.sql.catalog.shared.uri", uri)
         .config("spark.sql.catalog.shared.warehouse", warehouse)
         .config("spark.sql.catalog.shared.token", token)
         .config("spark.sql.catalog.shared.io-impl", "org.apache.iceberg.aws.s3.S3FileIO")
         .getOrCreate())
rows = [r.asDict() for r in spark.sql("SELECT * FROM shared.db.orders_delta ORDER BY order_id").collect()]
print("ROWS " + json.dumps(rows))
"""


def test_spark_reads_a_delta_table_through_the_catalog_with_sql(created, tmp_path):
    """Spark with Iceberg's runtime (S3FileIO, remote signing; no S3 credentials) reads the shared
    Delta table by SQL as its writer wrote it."""
    jars = sorted(str(j) for j in ICEBERG_SPARK_JARS.glob("*.jar"))
    if not jars:
        pytest.fail(f"No Iceberg Spark jars in {ICEBERG_SPARK_JARS}; ./dev test fetches them")
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    env["AWS_REGION"] = "us-east-1"
    script = tmp_path / "read.py"
    script.write_text(SPARK_READER)
    done = subprocess.run(["python3", str(script), created["iceberg"]["uri"], created["iceberg"]["warehouse"],
                           created["token"], ",".join(jars)], capture_output=True, text=True, env=env, timeout=600)
    assert done.returncode == 0, done.stderr[-5000:]
    rows = json.loads(next(line for line in done.stdout.splitlines() if line.startswith("ROWS "))[5:])
    assert rows == [{"order_id": 1, "amount": 9.5}, {"order_id": 2, "amount": 20.0}, {"order_id": 3, "amount": 3.25}]
