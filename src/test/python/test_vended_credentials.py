"""Directory access: a table the owner opened with `share update --access SCHEMA/TABLE=dir` is listed
with its location and both access modes, and the temporary keys its recipients are vended (by MinIO's
STS, narrowed to the table's prefix) read it with delta-rs exactly as the writer wrote it — and cannot
read another prefix, nor write, as MinIO itself answers. The official connector still reads the same
table through its file URLs."""
import json

import delta_sharing
import pyarrow as pa
import pytest
import requests
from deltalake import DeltaTable, write_deltalake

from conftest import FIXTURE_BUCKET
from harness import s3_filesystem

TABLE = "vended/people"
# Starts like the table's prefix; the keys must not reach it.
NEIGHBOUR = "vended/people-archive"
ROWS = [{"id": 1, "name": "ada"}, {"id": 2, "name": "bo"}, {"id": 3, "name": "cy"}]


@pytest.fixture(scope="module")
def shared(server, minio, s3_orders_table, tmp_path_factory):
    options = minio.storage_options()
    write_deltalake(f"s3://{FIXTURE_BUCKET}/{TABLE}", pa.Table.from_pylist(ROWS), storage_options=options)
    write_deltalake(f"s3://{FIXTURE_BUCKET}/{NEIGHBOUR}", pa.Table.from_pylist([{"id": 9, "name": "old"}]),
                    storage_options=options)
    server.cli("share", "create", "vending", "people", f"people:delta:{FIXTURE_BUCKET}:{TABLE}/",
               f"orders:delta:{FIXTURE_BUCKET}:{s3_orders_table}")
    server.cli("share", "update", "vending", "--access", "people/people=dir")
    profile = server.profile("vending", tmp_path_factory.mktemp("vending"))
    token = json.loads(profile.read_text())["bearerToken"]
    return {"profile": str(profile), "token": token}


def tables_url(server, table: str) -> str:
    return f"{server.url}/_delta-sharing/v1/shares/vending/schemas/people/tables/{table}"


def vend(server, token: str, table: str = "people", body=None) -> requests.Response:
    return requests.post(f"{tables_url(server, table)}/temporary-table-credentials",
                         headers={"Authorization": f"Bearer {token}"}, json=body, timeout=30)


def vended_options(minio, credentials: dict) -> dict:
    aws = credentials["awsTempCredentials"]
    return {"AWS_ENDPOINT_URL": minio.endpoint, "AWS_REGION": "us-east-1", "AWS_ALLOW_HTTP": "true",
            "AWS_ACCESS_KEY_ID": aws["accessKeyId"], "AWS_SECRET_ACCESS_KEY": aws["secretAccessKey"],
            "AWS_SESSION_TOKEN": aws["sessionToken"], "AWS_S3_ALLOW_UNSAFE_RENAME": "true"}


def test_the_owner_opens_the_table_with_the_cli_and_share_info_shows_it(server, shared):
    info = server.cli_json("share", "info", "vending")
    modes = {t["name"]: t["accessMode"] for t in info["tables"]}
    assert modes == {"people": "dir", "orders": "url"}
    human = server.cli("share", "info", "vending").stdout
    assert "ACCESS" in human and " dir " in human


def test_the_table_is_listed_with_its_location_and_both_access_modes(server, shared):
    auth = {"Authorization": f"Bearer {shared['token']}"}
    items = requests.get(f"{server.url}/_delta-sharing/v1/shares/vending/all-tables", headers=auth,
                         timeout=30).json()["items"]
    by_name = {t["name"]: t for t in items}
    assert by_name["people"]["accessModes"] == ["url", "dir"]
    assert by_name["people"]["location"] == f"s3://{FIXTURE_BUCKET}/{TABLE}"
    assert "accessModes" not in by_name["orders"] and "location" not in by_name["orders"]
    lines = requests.get(f"{tables_url(server, 'people')}/metadata", headers=auth, timeout=30).text.splitlines()
    assert json.loads(lines[1])["metaData"]["accessModes"] == ["url", "dir"]


def test_the_vended_keys_read_the_table_as_the_writer_wrote_it(server, minio, shared):
    answer = vend(server, shared["token"])
    assert answer.status_code == 200, answer.text
    credentials = answer.json()["credentials"]
    assert credentials["location"] == f"s3://{FIXTURE_BUCKET}/{TABLE}"
    table = DeltaTable(credentials["location"], storage_options=vended_options(minio, credentials))
    assert table.version() == 0
    assert sorted(table.to_pyarrow_table().to_pylist(), key=lambda r: r["id"]) == ROWS


def test_the_vended_keys_cannot_read_another_prefix(server, minio, shared, s3_orders_table):
    credentials = vend(server, shared["token"]).json()["credentials"]
    options = vended_options(minio, credentials)
    for other in (NEIGHBOUR, s3_orders_table.rstrip("/")):
        # The server's own keys read it: the refusal below is the vended keys' scope, not a missing table.
        assert DeltaTable(f"s3://{FIXTURE_BUCKET}/{other}", storage_options=minio.storage_options()).version() >= 0
        with pytest.raises(Exception):
            DeltaTable(f"s3://{FIXTURE_BUCKET}/{other}", storage_options=options).to_pyarrow_table()
    fs = pa.fs.S3FileSystem(endpoint_override=minio.endpoint, scheme="http", region="us-east-1",
                            access_key=credentials["awsTempCredentials"]["accessKeyId"],
                            secret_key=credentials["awsTempCredentials"]["secretAccessKey"],
                            session_token=credentials["awsTempCredentials"]["sessionToken"])
    with pytest.raises(OSError):
        fs.get_file_info(pa.fs.FileSelector(f"{FIXTURE_BUCKET}/vended/", recursive=False))
    with pytest.raises(OSError):
        fs.open_input_file(f"{FIXTURE_BUCKET}/{NEIGHBOUR}/_delta_log/00000000000000000000.json").read()
    # ...while the table's own log is read with the same filesystem.
    assert fs.open_input_file(f"{FIXTURE_BUCKET}/{TABLE}/_delta_log/00000000000000000000.json").read()


def test_the_vended_keys_cannot_write(server, minio, shared):
    credentials = vend(server, shared["token"]).json()["credentials"]
    with pytest.raises(Exception):
        write_deltalake(credentials["location"], pa.Table.from_pylist([{"id": 4, "name": "dee"}]), mode="append",
                        storage_options=vended_options(minio, credentials))
    fs = pa.fs.S3FileSystem(endpoint_override=minio.endpoint, scheme="http", region="us-east-1",
                            access_key=credentials["awsTempCredentials"]["accessKeyId"],
                            secret_key=credentials["awsTempCredentials"]["secretAccessKey"],
                            session_token=credentials["awsTempCredentials"]["sessionToken"])
    with pytest.raises(OSError):
        with fs.open_output_stream(f"{FIXTURE_BUCKET}/{TABLE}/planted.txt") as out:
            out.write(b"planted")
    with pytest.raises(OSError):
        fs.delete_file(f"{FIXTURE_BUCKET}/{TABLE}/_delta_log/00000000000000000000.json")
    # MinIO, asked with the server's own keys, holds the table as it was.
    owner = DeltaTable(f"s3://{FIXTURE_BUCKET}/{TABLE}", storage_options=minio.storage_options())
    assert owner.version() == 0
    assert sorted(owner.to_pyarrow_table().to_pylist(), key=lambda r: r["id"]) == ROWS
    names = [i.path for i in s3_filesystem(minio).get_file_info(pa.fs.FileSelector(f"{FIXTURE_BUCKET}/{TABLE}"))]
    assert not any(n.endswith("planted.txt") for n in names)


def test_the_official_connector_still_reads_the_table_through_its_file_urls(shared):
    df = delta_sharing.load_as_pandas(f"{shared['profile']}#vending.people.people")
    assert sorted(df.to_dict("records"), key=lambda r: r["id"]) == ROWS


def test_a_table_shared_by_url_only_is_refused_and_a_wrong_location_is_invalid(server, shared):
    refused = vend(server, shared["token"], "orders")
    assert refused.status_code == 403 and refused.json()["errorCode"] == "PERMISSION_DENIED"
    wrong = vend(server, shared["token"], body={"location": f"s3://{FIXTURE_BUCKET}/{NEIGHBOUR}"})
    assert wrong.status_code == 400 and wrong.json()["errorCode"] == "INVALID_PARAMETER_VALUE"
    # Closed again by the owner, the table is refused again.
    server.cli("share", "update", "vending", "--access", "people/people=url")
    try:
        assert vend(server, shared["token"]).status_code == 403
    finally:
        server.cli("share", "update", "vending", "--access", "people/people=dir")
