"""Query pagination and refresh tokens, spoken over HTTP with a profile from the CLI (the Python
connector has neither; Spark uses both). The table changes between calls, as live tables do."""
import json

import pyarrow as pa
import pytest
import requests
from deltalake import write_deltalake

from conftest import FIXTURE_BUCKET


@pytest.fixture(scope="module")
def live(server, minio, s3_orders_table, tmp_path_factory):
    uri = f"s3://{FIXTURE_BUCKET}/live/events"
    for i in range(5):
        write_deltalake(uri, pa.table({"id": pa.array([i], pa.int64())}), mode="append", storage_options=minio.storage_options())
    server.cli("share", "create", "live", "s", f"events:delta:{FIXTURE_BUCKET}:live/events/")
    profile = json.loads(server.profile("live", tmp_path_factory.mktemp("live")).read_text())
    session = requests.Session()
    session.headers["Authorization"] = "Bearer " + profile["bearerToken"]
    url = profile["endpoint"] + "/shares/live/schemas/s/tables/events/query"

    def query(**body):
        response = session.post(url, json=body)
        assert response.status_code == 200, response.text
        return response, [json.loads(line) for line in response.text.splitlines()]

    def append(i):
        write_deltalake(uri, pa.table({"id": pa.array([i], pa.int64())}), mode="append", storage_options=minio.storage_options())

    return query, append


def file_ids(lines):
    return {line["file"]["id"] for line in lines if "file" in line}


def test_pages_stay_on_the_first_pages_version_while_the_table_grows(live):
    query, append = live
    response, page = query(maxFiles=2)
    version = response.headers["Delta-Table-Version"]
    seen = file_ids(page)
    append(100)  # a commit between pages must not leak into this query
    token = page[-1]["endStreamAction"]["nextPageToken"]
    while token:
        response, page = query(maxFiles=2, pageToken=token)
        assert response.headers["Delta-Table-Version"] == version
        seen |= file_ids(page)
        token = page[-1]["endStreamAction"].get("nextPageToken")
    _, unpaged = query(version=int(version))
    assert seen == file_ids(unpaged)


def test_a_refresh_token_pins_the_version_it_was_issued_for(live):
    query, append = live
    response, first = query(includeRefreshToken=True)
    refresh = first[-1]["endStreamAction"]["refreshToken"]
    append(200)
    response_again, again = query(includeRefreshToken=True, refreshToken=refresh)
    assert response_again.headers["Delta-Table-Version"] == response.headers["Delta-Table-Version"]
    assert file_ids(again) == file_ids(first)
    urls_first = {line["file"]["id"]: line["file"]["url"] for line in first if "file" in line}
    assert all(line["file"]["url"] for line in again if "file" in line)
    assert urls_first  # the same files; their URLs are signed anew
    latest, _ = query()
    assert int(latest.headers["Delta-Table-Version"]) > int(response.headers["Delta-Table-Version"])


def test_a_paged_snapshot_is_spooled_to_local_disk_once(server, live):
    query, _ = live
    query(maxFiles=1)
    spools = list((server.data_dir / "spool").glob("*.index"))
    assert spools and all(p.with_suffix(".files").exists() for p in spools)
