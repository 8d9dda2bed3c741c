"""A recipient granted several shares reads them all through one profile with the official
delta-sharing connector, and loses what is taken back: grants, revocations, recipient removal and
token rotation, as the owner does them with the `lakeshare` CLI."""
import json
import re
import subprocess
import time

import delta_sharing
import pytest
import requests
from delta_sharing import SharingClient
from delta_sharing.protocol import DeltaSharingProfile, Table
from delta_sharing.rest_client import DataSharingRestClient

from conftest import FIXTURE_BUCKET, PROXIED_BUCKET
from harness import start_server, stop

# The server's own file URLs are looked up again after this long (set below for the spec's server).
REVOCATION_CACHE_TTL_S = 1


@pytest.fixture(scope="module")
def owner(workdir, minio, s3_orders_table, proxied_table):
    """A server of this spec's own (no REST catalog needed), with an S3 table served by presigned URLs
    and one served through the server's own URLs."""
    process, server = start_server(
        workdir, minio, data_dir=workdir / "recipients-data",
        java_options=[f"-Dlakeshare.storage.buckets.{FIXTURE_BUCKET}.store=s3",
                      f"-Dlakeshare.storage.buckets.{PROXIED_BUCKET}.store=s3",
                      f"-Dlakeshare.storage.buckets.{PROXIED_BUCKET}.urls=proxy"],
        env_overrides={"LAKESHARE_STORAGE_REVOCATION_CACHE_TTL": f"PT{REVOCATION_CACHE_TTL_S}S"})
    try:
        yield server
    finally:
        stop(process)
        text = server.log.read_text()
        assert not re.search(r"dapi[0-9a-f]{64}", text), "a recipient token leaked into the server log"


def profile_of(created_json: str, tmp_path, name: str):
    """The profile file as the README makes it: `token create ... --json | jq -r .profile`."""
    jq = subprocess.run(["jq", "-r", ".profile"], input=created_json, capture_output=True, text=True, check=True)
    path = tmp_path / f"{name}-{time.monotonic_ns()}.share"
    path.write_text(jq.stdout)
    return str(path)


@pytest.fixture
def partner(owner, s3_orders_table):
    """A recipient granted two shares: orders (S3, presigned URLs) and words (proxied through the server)."""
    suffix = str(time.monotonic_ns())[-8:]
    name, orders, words = f"acme_{suffix}", f"orders_{suffix}", f"words_{suffix}"
    owner.cli("share", "create", orders, "sales", f"orders:delta:{FIXTURE_BUCKET}:{s3_orders_table}")
    owner.cli("share", "create", words, "text", f"words:delta:{PROXIED_BUCKET}:words/")
    owner.cli("share", "create", f"hidden_{suffix}", "sales", f"orders:delta:{FIXTURE_BUCKET}:{s3_orders_table}")
    owner.cli("recipient", "create", name, "--description", "Acme Corp", "--property", "country=nl")
    owner.cli("share", "grant", orders, name)
    owner.cli("share", "grant", words, name)
    return name, orders, words


def http_status(error: Exception) -> int:
    assert isinstance(error, requests.exceptions.HTTPError), repr(error)
    return error.response.status_code


def test_one_profile_lists_and_reads_every_granted_share(owner, partner, proxied_table, tmp_path):
    name, orders, words = partner
    info = owner.cli_json("recipient", "info", name)
    assert info["shares"] == sorted([orders, words]) and info["properties"] == {"country": "nl"}
    assert "Shares:" in owner.cli("recipient", "info", name).stdout

    created = owner.cli("token", "create", "--recipient", name, "--expires", "90d", "--json").stdout
    assert json.loads(created)["recipient"] == name
    profile = profile_of(created, tmp_path, name)

    client = SharingClient(profile)
    assert sorted(s.name for s in client.list_shares()) == sorted([orders, words])
    assert {(t.share, t.schema, t.name) for t in client.list_all_tables()} == {
        (orders, "sales", "orders"), (words, "text", "words")}

    order_rows = delta_sharing.load_as_pandas(f"{profile}#{orders}.sales.orders").sort_values("order_id")
    assert order_rows.to_dict("records") == [
        {"order_id": 1, "amount": 9.5}, {"order_id": 2, "amount": 20.0}, {"order_id": 3, "amount": 3.25}]
    word_rows = delta_sharing.load_as_pandas(f"{profile}#{words}.text.words").sort_values("id")
    assert word_rows.to_dict("records") == proxied_table


def test_a_revoked_share_is_refused_at_the_next_request_and_the_recipient_removed_at_once(owner, partner, tmp_path):
    name, orders, words = partner
    profile = profile_of(owner.cli("token", "create", "--recipient", name, "--json").stdout, tmp_path, name)
    rest = DataSharingRestClient(DeltaSharingProfile.read_from_file(profile))
    proxied = rest.list_files_in_table(Table(name="words", share=words, schema="text")).add_files
    assert proxied and requests.get(proxied[0].url, timeout=30).status_code == 200

    owner.cli("share", "revoke", words, name)

    assert [s.name for s in SharingClient(profile).list_shares()] == [orders]
    with pytest.raises(Exception) as refused:
        delta_sharing.load_as_pandas(f"{profile}#{words}.text.words")
    assert http_status(refused.value) == 404
    # The server's own file URLs of the share, handed out before, are refused within the cache window.
    time.sleep(REVOCATION_CACHE_TTL_S + 0.5)
    gone = requests.get(proxied[0].url, timeout=30)
    assert gone.status_code == 403 and gone.json()["errorCode"] == "PERMISSION_DENIED"
    assert len(delta_sharing.load_as_pandas(f"{profile}#{orders}.sales.orders")) == 3

    owner.cli("recipient", "remove", name)
    with pytest.raises(Exception) as unauthenticated:
        SharingClient(profile).list_shares()
    assert http_status(unauthenticated.value) == 401


def test_a_rotated_profile_and_the_old_one_both_read_until_the_grace_ends(owner, partner, tmp_path):
    name, orders, _ = partner
    first = json.loads(owner.cli("token", "create", "--recipient", name, "--json").stdout)
    old_profile = profile_of(json.dumps(first), tmp_path, "old")

    rotated = owner.cli("token", "rotate", first["id"], "--grace", "3s", "--json").stdout
    assert json.loads(rotated)["replaces"] == first["id"]
    new_profile = profile_of(rotated, tmp_path, "new")
    listed = owner.cli_json("token", "list", "--recipient", name)["items"]
    assert {t["id"]: t.get("replacedBy") for t in listed}[first["id"]] == json.loads(rotated)["id"]

    for profile in (old_profile, new_profile):
        assert len(delta_sharing.load_as_pandas(f"{profile}#{orders}.sales.orders")) == 3

    grace_ends = json.loads(rotated)["replacedExpiresAt"]
    deadline = time.time() + 10
    while time.time() < deadline:
        try:
            SharingClient(old_profile).list_shares()
        except requests.exceptions.HTTPError as e:
            assert e.response.status_code == 401, e
            break
        time.sleep(0.25)
    else:
        pytest.fail(f"the old profile still works well after its grace period ended at {grace_ends}")
    assert len(delta_sharing.load_as_pandas(f"{new_profile}#{orders}.sales.orders")) == 3


def test_usage_shows_what_the_recipient_read_per_table(owner, partner, proxied_table, tmp_path):
    """What the connector read, as `recipient usage` counts it: the files each query listed, and the
    data files fetched through the server's own URLs (presigned S3 URLs go to the store, unseen)."""
    name, orders, words = partner
    assert "has read nothing yet" in owner.cli("recipient", "usage", name).stdout
    profile = profile_of(owner.cli("token", "create", "--recipient", name, "--json").stdout, tmp_path, name)
    assert len(delta_sharing.load_as_pandas(f"{profile}#{orders}.sales.orders")) == 3
    assert len(delta_sharing.load_as_pandas(f"{profile}#{words}.text.words")) == len(proxied_table)

    usage = owner.cli_json("recipient", "usage", name)
    assert usage["recipient"] == name
    used = {(u["share"], u["schema"], u["table"]): u for u in usage["tables"]}
    assert set(used) == {(orders, "sales", "orders"), (words, "text", "words")}

    # What the connector was given, listed again (after the usage above was read).
    client = DataSharingRestClient(DeltaSharingProfile.read_from_file(profile))
    word_files = client.list_files_in_table(Table("words", words, "text")).add_files
    order_files = client.list_files_in_table(Table("orders", orders, "sales")).add_files
    w, o = used[(words, "text", "words")], used[(orders, "sales", "orders")]
    assert w["files"] == len(word_files) and o["files"] == len(order_files)
    assert w["requests"] >= 1 and o["requests"] >= 1
    assert w["responseBytes"] > 0 and o["responseBytes"] > 0
    # Every proxied file was fetched, in one or more reads that together cover it.
    assert w["downloads"] >= len(word_files)
    assert w["downloadBytes"] >= sum(f.size for f in word_files)
    assert o["downloads"] == 0 and o["downloadBytes"] == 0
    assert w["firstSeen"] <= w["lastSeen"]

    human = owner.cli("recipient", "usage", name).stdout
    assert human.splitlines()[0].split()[:3] == ["TABLE", "REQUESTS", "FILES"]
    assert f"{words}.text.words" in human and f"{orders}.sales.orders" in human
