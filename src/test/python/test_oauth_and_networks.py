"""What a recipient sees of OAuth2 client credentials and IP access lists, through the official
delta-sharing connector: a version-2 profile reads the granted tables (both response formats), the
client fetching and renewing its own access tokens; removing the client ends them; a recipient
outside its networks is refused until the owner lists its network."""
import json
import re
import subprocess
import time

import delta_sharing
import pytest
import requests
from delta_sharing import SharingClient

from conftest import FIXTURE_BUCKET, recipient_with_share
from harness import start_server, stop

ORDERS = [{"order_id": 1, "amount": 9.5}, {"order_id": 2, "amount": 20.0}, {"order_id": 3, "amount": 3.25}]


@pytest.fixture(scope="module")
def owner(workdir, minio, s3_orders_table):
    # Access tokens shorter than the connector's renewal threshold (10 min): it fetches a new one for
    # every request, so renewals show within one spec.
    process, server = start_server(
        workdir, minio, data_dir=workdir / "oauth-data",
        java_options=[f"-Dlakeshare.storage.buckets.{FIXTURE_BUCKET}.store=s3"],
        env_overrides={"LAKESHARE_AUTH_OAUTH_ACCESS_TOKEN_TTL": "PT120S"})
    try:
        yield server
    finally:
        stop(process)
        text = server.log.read_text()
        assert not re.search(r"dapi[0-9a-f]{64}", text), "a client secret leaked into the server log"
        assert not re.search(r"lsat[0-9a-f]{112}", text), "an access token leaked into the server log"


def profile_file(created_json: str, tmp_path) -> str:
    jq = subprocess.run(["jq", "-r", ".profile"], input=created_json, capture_output=True, text=True, check=True)
    path = tmp_path / f"profile-{time.monotonic_ns()}.share"
    path.write_text(jq.stdout)
    return str(path)


def issued_access_tokens(owner) -> int:
    return owner.log.read_text().count("Issued an access token to OAuth client")


def test_a_version_two_profile_reads_both_formats_renewing_its_own_access_tokens(owner, s3_orders_table, tmp_path):
    name, share = recipient_with_share(owner, s3_orders_table)
    created = owner.cli("token", "create", "--recipient", name, "--oauth", "--expires", "30d", "--json").stdout
    profile = json.loads(created)["profile"]
    assert profile["shareCredentialsVersion"] == 2 and profile["type"] == "oauth_client_credentials"
    assert profile["tokenEndpoint"].endswith("/_delta-sharing/oauth/token") and "bearerToken" not in profile
    path = profile_file(created, tmp_path)

    before = issued_access_tokens(owner)
    assert [s.name for s in SharingClient(path).list_shares()] == [share]
    for use_delta_format in (False, True):
        rows = delta_sharing.load_as_pandas(f"{path}#{share}.sales.orders", use_delta_format=use_delta_format)
        assert rows.sort_values("order_id").to_dict("records") == ORDERS
    assert issued_access_tokens(owner) - before >= 2, "the connector fetched (and renewed) its own access tokens"
    listed = owner.cli("token", "list", "--recipient", name).stdout
    assert "oauth" in listed

    # The client's secret is not a bearer token, and removing the client ends its access tokens.
    secret = profile["clientSecret"]
    shares_url = profile["endpoint"] + "/shares"
    refused = requests.get(shares_url, headers={"Authorization": f"Bearer {secret}"}, timeout=30)
    assert refused.status_code == 401 and "OAuth client secret" in refused.json()["message"]
    token = requests.post(profile["tokenEndpoint"], auth=(profile["clientId"], secret),
                          data={"grant_type": "client_credentials"}, timeout=30).json()["access_token"]
    assert requests.get(shares_url, headers={"Authorization": f"Bearer {token}"}, timeout=30).status_code == 200
    owner.cli("token", "remove", profile["clientId"])
    assert requests.get(shares_url, headers={"Authorization": f"Bearer {token}"}, timeout=30).status_code == 401
    with pytest.raises(requests.exceptions.HTTPError) as gone:
        delta_sharing.load_as_pandas(f"{path}#{share}.sales.orders")
    assert gone.value.response.status_code == 401
    assert gone.value.response.json()["error"] == "invalid_client"


def test_a_recipient_outside_its_networks_is_refused_until_its_network_is_listed(owner, s3_orders_table, tmp_path):
    name, share = recipient_with_share(owner, s3_orders_table, "10.0.0.0/8")
    path = profile_file(owner.cli("token", "create", "--recipient", name, "--json").stdout, tmp_path)
    with pytest.raises(requests.exceptions.HTTPError) as refused:
        SharingClient(path).list_shares()
    assert refused.value.response.status_code == 403
    assert refused.value.response.json()["errorCode"] == "PERMISSION_DENIED"

    owner.cli("recipient", "update", name, "--allow-ip", "127.0.0.0/8")
    assert "127.0.0.0/8" in owner.cli("recipient", "info", name).stdout
    rows = delta_sharing.load_as_pandas(f"{path}#{share}.sales.orders")
    assert rows.sort_values("order_id").to_dict("records") == ORDERS

    owner.cli("recipient", "update", name, "--remove-ip", "127.0.0.0/8")
    with pytest.raises(requests.exceptions.HTTPError) as again:
        delta_sharing.load_as_pandas(f"{path}#{share}.sales.orders")
    assert again.value.response.status_code == 403
