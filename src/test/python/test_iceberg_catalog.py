"""The Iceberg REST catalog recipients read shares through: pyiceberg's RestCatalog, configured from
`token create --json` alone (uri, warehouse, token), lists a share's schemas and tables and reads the
Iceberg tables pyiceberg wrote into MinIO, with every S3 request signed by the server (the client has
no S3 credentials). Writes are refused, other shares' tokens see nothing, and signing covers the
table's own files only."""
import json
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


def test_a_delta_table_is_listed_and_its_load_refused_saying_why(created):
    with pytest.raises(BadRequestError) as refused:
        open_catalog(created).load_table("db.orders_delta")
    assert "Delta table" in str(refused.value)
    with pytest.raises(NoSuchTableError):
        open_catalog(created).load_table("db.nope")


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
        fs = pafs.S3FileSystem(endpoint_override=minio.endpoint, scheme="http", region="us-east-1",
                               access_key=props["s3.access-key-id"], secret_key=props["s3.secret-access-key"],
                               session_token=props["s3.session-token"])
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
