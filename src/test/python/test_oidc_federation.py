"""OIDC federation, against a real Keycloak: the owner trusts an issuer and binds a recipient to a
subject of it; the official delta-sharing connector, with a version-2 profile whose token endpoint is
Keycloak's, fetches JWTs from Keycloak itself and reads the granted table (and a version-1 profile
holding such a JWT reads it too). JWTs for another audience, expired, of another realm, with an altered
signature, of a subject with no binding or a removed one are refused 401; an IdP whose keys cannot be
fetched is a 503; the recipient's IP access list holds for its JWTs."""
import base64
import json
import re
import time

import delta_sharing
import pytest
import requests
from delta_sharing import SharingClient

from conftest import FIXTURE_BUCKET, recipient_with_share
from harness import free_port, start_keycloak, start_server, stop

ORDERS = [{"order_id": 1, "amount": 9.5}, {"order_id": 2, "amount": 20.0}, {"order_id": 3, "amount": 3.25}]
AUDIENCE = "lakeshare"
SECRET = "client-secret-of-the-partner"
JWT = re.compile(r"eyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}")


@pytest.fixture(scope="module")
def keycloak(workdir):
    process, keycloak = start_keycloak(workdir)
    try:
        # The recipient's own IdP; another realm the server does not trust; and one whose keys the
        # server is pointed at a closed port for.
        for realm in ("partner", "elsewhere", "outage"):
            keycloak.create_realm(realm)
        yield keycloak
    finally:
        stop(process)


@pytest.fixture(scope="module")
def owner(workdir, minio, s3_orders_table, keycloak):
    closed = free_port()
    # One issuer as system properties, the other as environment variables, as README's table has them.
    process, server = start_server(
        workdir, minio, data_dir=workdir / "oidc-data",
        java_options=[f"-Dlakeshare.storage.buckets.{FIXTURE_BUCKET}.store=s3",
                      f"-Dlakeshare.auth.oidc.issuers.partner.issuer={keycloak.issuer('partner')}",
                      f"-Dlakeshare.auth.oidc.issuers.partner.audience={AUDIENCE}"],
        env_overrides={"LAKESHARE_AUTH_OIDC_ISSUERS_OUTAGE_ISSUER": keycloak.issuer("outage"),
                       "LAKESHARE_AUTH_OIDC_ISSUERS_OUTAGE_AUDIENCE": AUDIENCE,
                       "LAKESHARE_AUTH_OIDC_ISSUERS_OUTAGE_JWKS_URI": f"http://127.0.0.1:{closed}/certs",
                       "LAKESHARE_AUTH_OIDC_CLOCK_SKEW": "PT1S",
                       "LAKESHARE_AUTH_OIDC_JWKS_MIN_REFETCH_INTERVAL": "PT1S"})
    try:
        yield server
    finally:
        stop(process)
        assert not JWT.search(server.log.read_text()), "a JWT leaked into the server log"


def client(keycloak, realm="partner", audience=AUDIENCE, lifespan_seconds=None):
    """A confidential client of the realm; returns (client id, the subject of its JWTs)."""
    client_id = f"reader-{time.monotonic_ns()}"
    return client_id, keycloak.create_client(realm, client_id, SECRET, audience=audience,
                                             lifespan_seconds=lifespan_seconds)


def bind(owner, recipient, subject, issuer="partner") -> dict:
    return owner.cli_json("token", "create", "--recipient", recipient, "--oidc", f"{issuer}={subject}")


def shares_with(owner, jwt) -> requests.Response:
    return requests.get(f"{owner.url}/_delta-sharing/v1/shares", headers={"Authorization": f"Bearer {jwt}"},
                        timeout=30)


def refused(response: requests.Response, status: int = 401) -> str:
    assert response.status_code == status, response.text
    body = response.json()
    assert body["errorCode"] == {401: "UNAUTHENTICATED", 403: "PERMISSION_DENIED", 503: "TEMPORARILY_UNAVAILABLE"}[status]
    return body["message"]


def test_the_connector_fetches_jwts_from_the_recipients_idp_and_reads_the_granted_table(
        owner, keycloak, s3_orders_table, tmp_path):
    name, share = recipient_with_share(owner, s3_orders_table)
    client_id, subject = client(keycloak)
    created = bind(owner, name, subject)
    assert created["kind"] == "oidc" and "token" not in created
    template = created["profile"]
    assert template == {"shareCredentialsVersion": 2, "type": "oauth_client_credentials",
                        "endpoint": f"{owner.url}/_delta-sharing/v1",
                        "tokenEndpoint": keycloak.token_endpoint("partner"),
                        "clientId": "<your client id>", "clientSecret": "<your client secret>"}
    # The recipient fills in its own client of its IdP.
    profile = tmp_path / "oidc.share"
    profile.write_text(json.dumps(dict(template, clientId=client_id, clientSecret=SECRET)))

    assert [s.name for s in SharingClient(str(profile)).list_shares()] == [share]
    for use_delta_format in (False, True):
        rows = delta_sharing.load_as_pandas(f"{profile}#{share}.sales.orders", use_delta_format=use_delta_format)
        assert rows.sort_values("order_id").to_dict("records") == ORDERS

    # A version-1 profile holding a JWT of the IdP reads the same, until the JWT expires.
    v1 = tmp_path / "oidc-v1.share"
    v1.write_text(json.dumps({"shareCredentialsVersion": 1, "endpoint": template["endpoint"],
                              "bearerToken": keycloak.access_token("partner", client_id, SECRET)}))
    rows = delta_sharing.load_as_pandas(f"{v1}#{share}.sales.orders")
    assert rows.sort_values("order_id").to_dict("records") == ORDERS

    listed = owner.cli_json("token", "list", "--recipient", name)["items"]
    assert [(t["kind"], t["oidcIssuer"], t["oidcSubject"]) for t in listed] == [("oidc", "partner", subject)]
    assert listed[0]["lastUsedAt"], "uses are recorded as for other tokens"
    assert f"partner={subject}" in owner.cli("token", "list", "--recipient", name).stdout


def test_a_subject_is_bound_once_to_a_configured_issuer_and_a_binding_has_no_secret_to_rotate(
        owner, keycloak, s3_orders_table):
    name, _ = recipient_with_share(owner, s3_orders_table)
    other, _ = recipient_with_share(owner, s3_orders_table)
    _, subject = client(keycloak)
    binding = bind(owner, name, subject)
    again = owner.cli("token", "create", "--recipient", other, "--oidc", f"partner={subject}", check=False)
    assert again.returncode == 1 and "already bound" in again.stderr
    unknown = owner.cli("token", "create", "--recipient", name, "--oidc", f"nobody={subject}", check=False)
    assert unknown.returncode == 1 and "not a configured OIDC issuer" in unknown.stderr and "partner" in unknown.stderr
    rotate = owner.cli("token", "rotate", binding["id"], check=False)
    assert rotate.returncode == 1 and "no secret to rotate" in rotate.stderr


def test_jwts_that_fail_a_rule_are_refused_saying_which(owner, keycloak, s3_orders_table):
    name, share = recipient_with_share(owner, s3_orders_table)

    good_id, good_subject = client(keycloak)
    bind(owner, name, good_subject)
    good = keycloak.access_token("partner", good_id, SECRET)
    assert shares_with(owner, good).status_code == 200

    # Another audience: Keycloak's default (account), not the configured one. Bound, so only aud fails.
    other_aud_id, other_aud_subject = client(keycloak, audience=None)
    bind(owner, name, other_aud_subject)
    message = refused(shares_with(owner, keycloak.access_token("partner", other_aud_id, SECRET)))
    assert "does not include 'lakeshare'" in message

    # Another realm of the same Keycloak: its iss is not a trusted issuer.
    elsewhere_id, _ = client(keycloak, realm="elsewhere")
    message = refused(shares_with(owner, keycloak.access_token("elsewhere", elsewhere_id, SECRET)))
    assert "is not trusted" in message and "/realms/elsewhere" in message

    # One byte of a genuine JWT's signature altered.
    header, payload, signature = good.split(".")
    i = len(signature) // 2
    forged = f"{header}.{payload}.{signature[:i]}{'A' if signature[i] != 'A' else 'B'}{signature[i + 1:]}"
    assert "signature is not valid" in refused(shares_with(owner, forged))

    # A valid JWT of a subject nobody bound.
    stranger_id, stranger_subject = client(keycloak)
    message = refused(shares_with(owner, keycloak.access_token("partner", stranger_id, SECRET)))
    assert f"No recipient is bound to subject '{stranger_subject}' of issuer partner" in message

    # Expired: a client whose JWTs live 2 s (the server allows 1 s of clock skew).
    short_id, short_subject = client(keycloak, lifespan_seconds=2)
    bind(owner, name, short_subject)
    short = keycloak.access_token("partner", short_id, SECRET)
    assert shares_with(owner, short).status_code == 200
    time.sleep(4)
    assert "expired" in refused(shares_with(owner, short))

    # A removed binding: the same JWT that worked a moment ago.
    binding = next(t for t in owner.cli_json("token", "list", "--recipient", name)["items"]
                   if t["oidcSubject"] == good_subject)
    owner.cli("token", "remove", binding["id"])
    assert "No recipient is bound" in refused(shares_with(owner, good))

    # An IdP whose keys cannot be fetched: try again later, not a wrong token.
    outage_id, outage_subject = client(keycloak, realm="outage")
    bind(owner, name, outage_subject, issuer="outage")
    unavailable = shares_with(owner, keycloak.access_token("outage", outage_id, SECRET))
    assert "cannot be fetched" in refused(unavailable, 503)
    assert int(unavailable.headers["Retry-After"]) > 0

    assert not JWT.search(owner.log.read_text()), "no JWT in the server log"


def test_the_recipients_ip_access_list_holds_for_its_jwts(owner, keycloak, s3_orders_table):
    name, share = recipient_with_share(owner, s3_orders_table, "10.0.0.0/8")
    client_id, subject = client(keycloak)
    bind(owner, name, subject)
    jwt = keycloak.access_token("partner", client_id, SECRET)
    assert "not allowed" in refused(shares_with(owner, jwt), 403)
    owner.cli("recipient", "update", name, "--allow-ip", "127.0.0.0/8")
    listed = shares_with(owner, jwt)
    assert listed.status_code == 200 and [s["name"] for s in listed.json()["items"]] == [share]


def test_jwts_signed_by_a_key_the_idp_rotated_in_are_accepted_once_its_keys_are_fetched_again(
        owner, keycloak, s3_orders_table):
    name, share = recipient_with_share(owner, s3_orders_table)
    client_id, subject = client(keycloak)
    bind(owner, name, subject)
    before = keycloak.access_token("partner", client_id, SECRET)
    assert shares_with(owner, before).status_code == 200
    fetches = owner.log.read_text().count("Fetched the JWKS of OIDC issuer partner")

    keycloak.rotate_keys("partner")
    time.sleep(1.5)  # the refetch interval of this server
    after = keycloak.access_token("partner", client_id, SECRET)
    def kid(jwt):
        header = jwt.split(".")[0]
        return json.loads(base64.urlsafe_b64decode(header + "=" * (-len(header) % 4)))["kid"]
    assert kid(after) != kid(before), "Keycloak signs with its new key"
    listed = shares_with(owner, after)
    assert listed.status_code == 200 and [s["name"] for s in listed.json()["items"]] == [share]
    assert owner.log.read_text().count("Fetched the JWKS of OIDC issuer partner") == fetches + 1
