"""Nothing outside the local warehouse is ever served: tables in the packaged server's local
warehouse whose data file, log commit, table directory or Iceberg metadata file is a symbolic link
out of it (to a file made outside, to /etc/passwd) are read as if the link were missing — the file
URL is a 404 in the protocol's error body, the table an error or an older version — and the bytes
behind the link never reach a recipient. Links that stay inside the warehouse keep working."""
import json
import pathlib
import shutil

import pytest
import requests

import reliability

BUCKET = "hostile"
SECRET = b"LAKESHARE-OUTSIDE-SECRET;" * 64
PASSWD_MARK = "root:x:0:0"
PROVEN = reliability.Section("containment", "Containment: nothing outside the warehouse is read")


def outside_markers():
    return [SECRET[:25].decode(), PASSWD_MARK, "forged-outside"]


@pytest.fixture(scope="module")
def linked(server, tmp_path_factory):
    """The share of tables with links out of the warehouse (and a few without); returns (base URL, headers)."""
    warehouse = server.data_dir / "warehouse"
    bucket = warehouse / BUCKET
    outside = tmp_path_factory.mktemp("outside-the-warehouse")
    demo = warehouse / "demo" / "employees"
    (outside / "secret.parquet").write_bytes(SECRET)

    shutil.copytree(demo, bucket / "plain")
    # Links that stay inside the warehouse: a table directory and a data file.
    (bucket / "alias").symlink_to(bucket / "plain")

    shutil.copytree(demo, bucket / "datalink")
    data_files = sorted((bucket / "datalink").rglob("*.parquet"))
    data_files[0].unlink()
    data_files[0].symlink_to(outside / "secret.parquet")
    data_files[1].unlink()
    data_files[1].symlink_to("/etc/passwd")

    # Commit 1 linked to a forged commit outside, which names files no real commit does.
    shutil.copytree(demo, bucket / "loglink")
    commit = bucket / "loglink" / "_delta_log" / "00000000000000000001.json"
    forged = outside / "00000000000000000001.json"
    forged.write_text(commit.read_text().replace("part-00000", "forged-outside-part-00000"))
    commit.unlink()
    commit.symlink_to(forged)

    # The first commit is /etc/passwd.
    shutil.copytree(demo, bucket / "passwdlog")
    first = bucket / "passwdlog" / "_delta_log" / "00000000000000000000.json"
    first.unlink()
    first.symlink_to("/etc/passwd")

    # The whole table directory is a link to a table outside.
    shutil.copytree(demo, outside / "table")
    for f in (outside / "table").rglob("*.parquet"):
        f.write_bytes(SECRET)
    (bucket / "dirlink").symlink_to(outside / "table")

    iceberg_prefix = write_iceberg_table(bucket)
    metadata = sorted((bucket / iceberg_prefix / "metadata").glob("*.metadata.json"))[-1]
    # An Iceberg table whose metadata file is a copy outside (the real table's metadata, so that it
    # would read if followed), and one whose metadata file links inside the warehouse.
    (bucket / "icelink" / "metadata").mkdir(parents=True)
    shutil.copy(metadata, outside / metadata.name)
    (bucket / "icelink" / "metadata" / metadata.name).symlink_to(outside / metadata.name)
    (bucket / "iceinside" / "metadata").mkdir(parents=True)
    (bucket / "iceinside" / "metadata" / metadata.name).symlink_to(metadata)

    tables = [f"{name}:delta:{BUCKET}:{name}/" for name in ("plain", "alias", "datalink", "loglink", "passwdlog", "dirlink")]
    tables += [f"ice:iceberg:{BUCKET}:{iceberg_prefix}", f"icelink:iceberg:{BUCKET}:icelink/",
               f"iceinside:iceberg:{BUCKET}:iceinside/"]
    server.cli("share", "create", "links", "default", *tables)
    profile = json.loads(server.profile("links", tmp_path_factory.mktemp("links")).read_text())
    return f"{profile['endpoint']}/shares/links/schemas/default/tables/", {"Authorization": "Bearer " + profile["bearerToken"]}


def write_iceberg_table(bucket: pathlib.Path) -> str:
    """A small Iceberg table written by pyiceberg into the local warehouse; returns its prefix."""
    import pyarrow as pa
    from pyiceberg.catalog.sql import SqlCatalog

    catalog = SqlCatalog("containment", uri=f"sqlite:///{bucket.parent.parent}/containment-catalog.db",
                         warehouse=f"file://{bucket}/iceberg")
    catalog.create_namespace("db")
    table = catalog.create_table("db.ice", schema=pa.schema([("id", pa.int64()), ("name", pa.string())]))
    table.append(pa.table({"id": pa.array([1, 2], pa.int64()), "name": ["ann", "bob"]}))
    return table.location().removeprefix(f"file://{bucket}/") + "/"


def query(base, headers, table, body=None):
    return requests.post(base + table + "/query", json=body or {}, headers=headers, timeout=60)


def lines(response):
    return [json.loads(line) for line in response.text.splitlines() if line]


def assert_error(response, status, code=None):
    assert response.status_code == status, (response.status_code, response.text)
    body = response.json()
    assert set(body) == {"errorCode", "message"}, body
    if code:
        assert body["errorCode"] == code, body
    return body


def assert_nothing_from_outside(*responses):
    for response in responses:
        text = response.content.decode("utf-8", "replace")
        for marker in outside_markers():
            assert marker not in text, (marker, response.url, text[:400])


def test_a_table_without_links_and_one_linked_inside_the_warehouse_are_served(linked):
    base, headers = linked
    for table in ("plain", "alias"):
        response = query(base, headers, table)
        assert response.status_code == 200, response.text
        files = [line["file"] for line in lines(response) if "file" in line]
        assert len(files) == 5
        for f in files:
            download = requests.get(f["url"], timeout=30)
            assert download.status_code == 200 and download.content[:4] == b"PAR1", (table, download.status_code)
    PROVEN.check("A table without links and one linked inside the warehouse: 5 of 5 files each served.")


def test_a_data_file_linked_outside_is_a_404_in_the_error_shape(linked):
    base, headers = linked
    response = query(base, headers, "datalink")
    assert response.status_code == 200, response.text
    files = [line["file"] for line in lines(response) if "file" in line]
    statuses = []
    for f in files:
        get = requests.get(f["url"], timeout=30)
        ranged = requests.get(f["url"], headers={"Range": "bytes=0-99"}, timeout=30)
        head = requests.head(f["url"], timeout=30)
        assert_nothing_from_outside(get, ranged)
        statuses.append(get.status_code)
        if get.status_code != 200:
            assert_error(get, 404, "RESOURCE_DOES_NOT_EXIST")
            assert_error(ranged, 404, "RESOURCE_DOES_NOT_EXIST")
            assert head.status_code == 404
    assert sorted(statuses) == [200, 200, 200, 404, 404], statuses
    PROVEN.check(f"Data files linked outside (to a file made outside, to `/etc/passwd`): {statuses.count(404)} of "
                 f"{len(statuses)} file URLs 404 `RESOURCE_DOES_NOT_EXIST` for GET, ranged GET and HEAD; no byte from "
                 "behind the links in any response (before: `/etc/passwd` was served).")


def test_a_log_commit_linked_outside_is_missing_so_the_table_ends_before_it(linked):
    base, headers = linked
    version = requests.get(base + "loglink/version", headers=headers, timeout=30)
    assert version.status_code == 200 and version.headers["Delta-Table-Version"] == "0"
    latest = query(base, headers, "loglink")
    assert latest.status_code == 200 and len([l for l in lines(latest) if "file" in l]) == 3
    at_one = query(base, headers, "loglink", {"version": 1})
    assert_error(at_one, 400)
    changes = query(base, headers, "loglink", {"startingVersion": 0})
    assert_nothing_from_outside(version, latest, at_one, changes)
    PROVEN.check("A log commit linked outside is missing: the table ends before it (version 0, 3 files); "
                 "`version: 1` is a 400.")


def test_a_table_directory_linked_outside_is_no_table(linked):
    base, headers = linked
    responses = [requests.get(base + "dirlink/version", headers=headers, timeout=30),
                 requests.get(base + "dirlink/metadata", headers=headers, timeout=30),
                 query(base, headers, "dirlink")]
    for response in responses:
        assert_error(response, 404, "RESOURCE_DOES_NOT_EXIST")
    assert_nothing_from_outside(*responses)
    PROVEN.check("A table directory linked outside is no table: `/version`, `/metadata`, `/query` 404.")


def test_a_first_commit_that_is_etc_passwd_is_missing_so_the_table_cannot_be_read(linked):
    base, headers = linked
    responses = [requests.get(base + "passwdlog/metadata", headers=headers, timeout=30), query(base, headers, "passwdlog")]
    for response in responses:
        body = assert_error(response, 400)
        assert "version 0" in body["message"], body
    assert_nothing_from_outside(*responses)
    PROVEN.check("A first commit that is a link to `/etc/passwd`: `/metadata` and `/query` 400 naming version 0, "
                 "nothing of the file in the answer.")


def test_an_iceberg_metadata_file_linked_outside_is_missing(linked):
    base, headers = linked
    for table in ("ice", "iceinside"):
        response = query(base, headers, table)
        assert response.status_code == 200, (table, response.text)
        assert len([l for l in lines(response) if "file" in l]) == 1
    responses = [requests.get(base + "icelink/metadata", headers=headers, timeout=30), query(base, headers, "icelink")]
    for response in responses:
        body = assert_error(response, 404, "RESOURCE_DOES_NOT_EXIST")
        assert "metadata" in body["message"]
    PROVEN.check("An Iceberg metadata file linked outside is missing (404); Iceberg tables without links, or linked "
                 "inside, read.")


def test_the_owner_sees_each_link_out_in_share_info_and_the_log(server, linked):
    info = server.cli_json("share", "info", "links")
    found = {t["name"]: t["location"]["found"] for t in info["tables"]}
    assert found["dirlink"] is False and found["icelink"] is False and found["plain"] is True, found
    log = server.log.read_text()
    for what in ("hostile/datalink/", "hostile/loglink/_delta_log/00000000000000000001.json", "hostile/dirlink"):
        assert f"Refused {what}" in log, what
    PROVEN.check("`share info` shows each table linked out as not found, and the log names each refused link.")
