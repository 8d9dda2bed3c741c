"""What a recipient sees through the official delta-sharing Python connector, with a profile made
by `lakeshare token create --json | jq -r .profile`."""
import json
import os
import stat
import time

import pytest
import requests
from delta_sharing import SharingClient
from delta_sharing.protocol import DeltaSharingProfile, Schema, Share
from delta_sharing.rest_client import DataSharingRestClient

from conftest import FIXTURE_BUCKET, LIST_PAGE_SIZE

EXTRA_TABLES = ["t1", "t2", "t3"]


@pytest.fixture(scope="module")
def sales(server, s3_orders_table):
    """A share over the S3 table and the local demo table, in two schemas, plus a few more tables."""
    server.cli("share", "create", "Sales", "emea", f"orders:delta:{FIXTURE_BUCKET}:{s3_orders_table}",
               "--description", "Orders for partners")
    server.cli("share", "update", "sales", "--add", "hr:employees:delta:demo:employees/",
               *[arg for t in EXTRA_TABLES for arg in ("--add", f"emea:{t}:delta:{FIXTURE_BUCKET}:more/{t}/")])
    return "Sales"


def expected_tables():
    return {("hr", "employees")} | {("emea", t) for t in ["orders", *EXTRA_TABLES]}


def status_of(error: Exception) -> int:
    assert isinstance(error, requests.exceptions.HTTPError), repr(error)
    return error.response.status_code


def test_the_server_generates_a_private_admin_credential_for_the_cli(server, tmp_path):
    token_file = server.data_dir / "admin-token"
    assert stat.S_IMODE(os.stat(token_file).st_mode) == 0o600
    assert server.cli("share", "list").returncode == 0
    nowhere = server.cli("share", "list", check=False, LAKESHARE_DATA_DIR=str(tmp_path))
    assert nowhere.returncode == 1 and "no admin credential" in nowhere.stderr
    wrong = server.cli("share", "list", check=False, LAKESHARE_ADMIN_TOKEN="not-the-admin-token")
    assert wrong.returncode == 1 and "UNAUTHENTICATED, HTTP 401" in wrong.stderr


def test_a_profile_from_the_cli_lists_exactly_the_shares_tables(server, sales, tmp_path):
    profile_path = server.profile(sales, tmp_path, "--expires", "90d")
    # The test server's public endpoint is plain http: creating a token warns, naming the setting.
    assert "lakeshare.public-endpoint (LAKESHARE_PUBLIC_ENDPOINT) is http://" in server.log.read_text()
    profile = json.loads(profile_path.read_text())
    assert profile["shareCredentialsVersion"] == 1
    assert profile["endpoint"] == server.url + "/_delta-sharing/v1"
    assert profile["bearerToken"].startswith("dapi")
    assert "expirationTime" in profile

    client = SharingClient(str(profile_path))
    assert [s.name for s in client.list_shares()] == ["Sales"]
    tables = client.list_all_tables()
    # More tables than one page holds: the connector followed nextPageToken to the end.
    assert len(tables) > LIST_PAGE_SIZE
    assert {(t.schema, t.name) for t in tables} == expected_tables()
    assert {t.share for t in tables} == {"Sales"}
    assert sorted(s.name for s in client.list_schemas(Share(name="sales"))) == ["emea", "hr"]
    assert [t.name for t in client.list_tables(Schema(name="HR", share="sales"))] == ["employees"]


def test_pages_of_one_walk_the_whole_listing(server, sales, tmp_path):
    rest = DataSharingRestClient(DeltaSharingProfile.read_from_file(str(server.profile(sales, tmp_path))))
    seen, token = [], None
    while True:
        page = rest.list_all_tables(Share(name=sales), max_results=1, page_token=token)
        assert len(page.tables) == 1
        seen += [(t.schema, t.name) for t in page.tables]
        token = page.next_page_token
        if not token:
            break
    assert len(seen) == len(expected_tables())
    assert set(seen) == expected_tables()


def test_a_revoked_token_is_refused(server, sales, tmp_path):
    client = SharingClient(str(server.profile(sales, tmp_path, "--description", "to revoke")))
    assert len(client.list_shares()) == 1
    token_id = next(t["id"] for t in server.cli_json("token", "list", sales)["items"]
                    if t.get("description") == "to revoke")
    server.cli("token", "remove", token_id)
    with pytest.raises(Exception) as refused:
        client.list_shares()
    assert status_of(refused.value) == 401


def test_an_expired_token_is_refused(server, sales, tmp_path):
    client = SharingClient(str(server.profile(sales, tmp_path, "--expires", "1s")))
    time.sleep(2.1)
    with pytest.raises(Exception) as refused:
        client.list_all_tables()
    assert status_of(refused.value) == 401


def test_a_token_of_another_share_sees_nothing_of_this_one(server, sales, tmp_path):
    server.cli("share", "create", "partners", "default", "x:delta:demo:employees/")
    other = SharingClient(str(server.profile("partners", tmp_path)))
    assert [s.name for s in other.list_shares()] == ["partners"]
    assert [(t.schema, t.name) for t in other.list_all_tables()] == [("default", "x")]
    for attempt in (lambda: other._rest_client.list_all_tables(Share(name=sales)),
                    lambda: other._rest_client.list_schemas(Share(name=sales)),
                    lambda: other._rest_client.list_tables(Schema(name="hr", share=sales))):
        with pytest.raises(Exception) as hidden:
            attempt()
        assert status_of(hidden.value) == 404


def test_share_info_checks_each_tables_location_in_its_store(server, sales):
    info = server.cli_json("share", "info", sales)
    by_name = {t["name"]: t for t in info["tables"]}
    orders = by_name["orders"]["location"]
    assert (orders["store"], orders["found"], orders["detail"]) == (
        "s3", True, f"Delta log found at {FIXTURE_BUCKET}/sales/orders/_delta_log/")
    assert (orders["version"], orders["files"], orders["hints"]) == (0, 1, [])
    assert by_name["employees"]["location"]["store"] == "local"
    assert by_name["employees"]["location"]["found"] is True
    assert by_name["t1"]["location"]["found"] is False
    human = server.cli("share", "info", sales).stdout
    assert "Delta log found at fixtures/sales/orders/_delta_log/" in human


def test_cli_errors_are_one_clear_line_and_a_nonzero_exit(server):
    missing = server.cli("share", "info", "nope", check=False)
    assert missing.returncode == 1
    assert missing.stderr.strip().splitlines() == ["lakeshare: Share 'nope' does not exist (RESOURCE_DOES_NOT_EXIST, HTTP 404)"]
    bad = server.cli("share", "create", "bad", "s", "orders:delta", check=False)
    assert bad.returncode == 1
    assert "name:format:bucket:prefix" in bad.stderr and len(bad.stderr.strip().splitlines()) == 1
    usage = server.cli("token", "create", check=False)
    assert usage.returncode == 2 and "usage: lakeshare token create SHARE" in usage.stderr


def test_startup_warns_about_settings_unfit_for_production(server):
    log = server.log.read_text()
    for setting in ("quarkus.datasource.db-kind=h2", "lakeshare.admin-token (LAKESHARE_ADMIN_TOKEN) is unset",
                    "lakeshare.public-endpoint (LAKESHARE_PUBLIC_ENDPOINT) is http://"):
        line = next((l for l in log.splitlines() if setting in l), None)
        assert line is not None and "WARN" in line and "Recommended action" in line, setting
