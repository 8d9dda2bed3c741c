"""Two replicas on one PostgreSQL behind a real load balancer: HAProxy (the Debian package ./dev test
installs) balancing round robin over two packaged servers built for PostgreSQL, started together on a
fresh database, with the profiles' endpoint pointing at HAProxy. Whatever one replica started, the
other continues: query pages, asynchronous queries, revocations, signed file URLs.

Every cross-replica step is proved, not hoped for: the step that must cross targets each replica
directly, and what goes through the balancer is checked request by request in HAProxy's own log
(which backend served it)."""
import concurrent.futures
import json
import os
import pathlib
import re
import shutil
import socket
import subprocess
import time
import urllib.parse
from dataclasses import dataclass

import pytest
import requests

import reliability
from conftest import FIXTURE_BUCKET, PROXIED_BUCKET
from harness import free_port, start_server, stop
from test_durability import postgres, postgres_build  # noqa: F401 (postgres is a fixture)

SHARE = "replicas"
# How long the file endpoint may keep serving a revoked token's URLs: the default of
# lakeshare.storage.revocation-cache-ttl, which these servers run with.
REVOCATION_WINDOW_S = 5.0
# How long another replica may keep accepting a revoked bearer token: the default of
# lakeshare.auth.token-cache-ttl. The replica the revocation went through refuses it at once.
TOKEN_CHECK_WINDOW_S = 2.0
REPLICA_HEADER = "X-Lakeshare-Replica"

FIGURES = {"replicas": {}, "revocation": {}}


def record_figures():
    r, v = FIGURES["replicas"], FIGURES["revocation"]
    reliability.record("replicas", "Two replicas on one PostgreSQL behind HAProxy", "\n".join(
        [f"Two packaged servers (PostgreSQL build) started at once on a fresh database, HAProxy "
         f"{r.get('haproxy', '')} round robin in front, profiles pointing at HAProxy.", "",
         "| What | Measured |", "|---|---|"]
        + [f"| {k} | {val} |" for k, val in r.items() if k != "haproxy"]))
    reliability.record("revocation", "Revocation: tokens, shares and signed URLs", "\n".join(
        ["Revoked on one replica, tried on the other (targeted directly). Bearer tokens are refused there "
         f"within `lakeshare.auth.token-cache-ttl` (default {TOKEN_CHECK_WINDOW_S:.0f} s) and at once on the "
         "replica the revocation went through. Signed file URLs are refused "
         f"within `lakeshare.storage.revocation-cache-ttl` (default {REVOCATION_WINDOW_S:.0f} s); presigned S3 "
         "URLs cannot be revoked and expire with `lakeshare.storage.url-ttl`.", "",
         "| What | Measured |", "|---|---|"]
        + [f"| {k} | {val} |" for k, val in v.items()]))


# --- the load balancer ---------------------------------------------------------------------------

def haproxy_binary() -> str:
    binary = shutil.which("haproxy") or "/usr/sbin/haproxy"
    if not os.access(binary, os.X_OK):
        if os.environ.get("LAKESHARE_DEV_TEST"):
            pytest.fail("./dev test installs HAProxy, but it is not there")
        pytest.skip("HAProxy is not installed (./dev test installs it: apt-get install haproxy)")
    return binary


@dataclass
class Balancer:
    url: str
    log: pathlib.Path

    def served(self) -> list:
        """Every request HAProxy has logged so far: (replica, status, method, path)."""
        rows = []
        for line in self.log.read_text(errors="replace").splitlines():
            parts = line.split(" ", 4)
            if len(parts) == 5 and parts[0] == "lakeshare":
                rows.append((parts[1].split("/")[-1], parts[2], parts[3], parts[4]))
        return rows


def start_haproxy(workdir: pathlib.Path, replicas: dict):
    """HAProxy in the foreground, round robin over the replicas (name -> port), logging one line per
    request with the replica that served it (paths only: query strings carry URL signatures), and
    naming it in a response header."""
    port = free_port()
    config = workdir / "haproxy.cfg"
    servers = "\n".join(f"    server {name} 127.0.0.1:{p}" for name, p in replicas.items())
    config.write_text(f"""global
    log stdout format raw local0
    maxconn 512

defaults
    mode http
    log global
    log-format "lakeshare %b/%s %ST %HM %HPO"
    timeout connect 5s
    timeout client 120s
    timeout server 120s

frontend recipients
    bind 127.0.0.1:{port}
    http-response set-header {REPLICA_HEADER} %s
    default_backend replicas

backend replicas
    balance roundrobin
{servers}
""")
    subprocess.run([haproxy_binary(), "-c", "-q", "-f", str(config)], check=True)
    log = workdir / "haproxy.log"
    with open(log, "w") as out:
        process = subprocess.Popen([haproxy_binary(), "-db", "-f", str(config)], stdout=out, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 20
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                stop(process)
                raise RuntimeError(f"HAProxy did not start:\n{log.read_text()}")
            time.sleep(0.1)
    version = subprocess.run([haproxy_binary(), "-v"], capture_output=True, text=True).stdout.split()[2]
    return process, Balancer(f"http://127.0.0.1:{port}", log), version


# --- the cluster ---------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def fresh_database(postgres):  # noqa: F811
    """A database of its own, created empty for this module and dropped after it."""
    url = postgres["QUARKUS_DATASOURCE_JDBC_URL"]
    match = re.fullmatch(r"jdbc:postgresql://([^:/]+)(?::(\d+))?/([^?]+)", url)
    assert match, f"unexpected PostgreSQL URL {url}"
    host, port, db = match.group(1), match.group(2) or "5432", match.group(3)
    fresh = f"{db}_replicas"
    env = dict(os.environ, PGPASSWORD=postgres["QUARKUS_DATASOURCE_PASSWORD"])

    def psql(sql):
        result = subprocess.run(["psql", "-q", "-v", "ON_ERROR_STOP=1", "-h", host, "-p", port,
                                 "-U", postgres["QUARKUS_DATASOURCE_USERNAME"], "-d", db, "-c", sql],
                                env=env, capture_output=True, text=True, timeout=60)
        assert result.returncode == 0, f"{sql}: {result.stderr}"

    psql(f'DROP DATABASE IF EXISTS "{fresh}" WITH (FORCE)')
    psql(f'CREATE DATABASE "{fresh}"')
    yield dict(postgres, QUARKUS_DATASOURCE_JDBC_URL=f"jdbc:postgresql://{host}:{port}/{fresh}")
    psql(f'DROP DATABASE IF EXISTS "{fresh}" WITH (FORCE)')


@dataclass
class Cluster:
    lb: Balancer
    replicas: dict  # name -> harness.Server
    admin_token: str

    def admin(self, base: str, method: str, path: str, expected: int, **kwargs):
        response = requests.request(method, f"{base}/api/admin/v1{path}", timeout=30,
                                    headers={"Authorization": "Bearer " + self.admin_token}, **kwargs)
        assert response.status_code == expected, f"{method} {path}: {response.status_code} {response.text}"
        return response.json() if response.content else None

    def token(self, share: str, base: str = None) -> dict:
        return self.admin(base or self.lb.url, "POST", "/tokens", 201, json={"share": share})

    def on(self, replica: str, url: str) -> str:
        """The URL (the balancer's, as profiles and file URLs name it) sent to one replica directly."""
        direct = urllib.parse.urlsplit(self.replicas[replica].url)
        return urllib.parse.urlsplit(url)._replace(netloc=direct.netloc).geturl()


@pytest.fixture(scope="module")
def cluster(tmp_path_factory, minio, fresh_database, s3_sales_table, proxied_table):
    jar = postgres_build()
    work = tmp_path_factory.mktemp("replicas")
    ports = {"a": free_port(), "b": free_port()}
    balancer_process, lb, version = start_haproxy(work, ports)
    FIGURES["replicas"]["haproxy"] = version
    # One admin credential for both, as a Secret would give it: the file each replica reads at start.
    admin_token = "lsa_" + os.urandom(32).hex()
    for name in ports:
        data_dir = work / name / "server-data"
        data_dir.mkdir(parents=True, mode=0o700)
        (data_dir / "admin-token").write_text(admin_token + "\n")
        (data_dir / "admin-token").chmod(0o600)
    env = dict(fresh_database, LAKESHARE_PUBLIC_ENDPOINT=lb.url,
               # Readiness would ask the balancer, which sends half its probes to the replica not up yet.
               LAKESHARE_HEALTH_PUBLIC_ENDPOINT_ENABLED="false")
    java_options = [f"-Dlakeshare.storage.buckets.{FIXTURE_BUCKET}.store=s3",
                    f"-Dlakeshare.storage.buckets.{PROXIED_BUCKET}.store=s3",
                    f"-Dlakeshare.storage.buckets.{PROXIED_BUCKET}.urls=proxy"]

    def start(name):
        (work / name).mkdir(exist_ok=True)
        return start_server(work / name, minio, java_options=java_options, env_overrides=env, jar=jar,
                            data_dir=work / name / "server-data", port=ports[name])

    # Started together on the empty database: both migrate it and create the signing keys at once.
    started = time.monotonic()
    with concurrent.futures.ThreadPoolExecutor(2) as pool:
        futures = {name: pool.submit(start, name) for name in ports}
        results = {}
        for name, future in futures.items():
            try:
                results[name] = future.result()
            except Exception:
                for other in results.values():
                    stop(other[0])
                stop(balancer_process)
                raise
    FIGURES["replicas"]["Both started together on the empty database, ready after"] = f"{time.monotonic() - started:.1f} s"
    try:
        yield Cluster(lb, {name: server for name, (_, server) in results.items()}, admin_token)
    finally:
        for process, _ in results.values():
            stop(process)
        stop(balancer_process)


@pytest.fixture(scope="module")
def shared(cluster):
    """The share, created through the balancer: a Delta table of many small files in S3
    (presigned URLs) and one in a bucket served through the server's own signed URLs."""
    cluster.admin(cluster.lb.url, "POST", "/shares", 201, json={
        "name": SHARE, "schema": "s",
        "tables": ["sales:delta:fixtures:sales/transactions/", "words:delta:proxied:words/"]})
    return SHARE


def query(base: str, token: str, table: str, body: dict, capabilities: str = None) -> requests.Response:
    headers = {"Authorization": "Bearer " + token}
    if capabilities:
        headers["delta-sharing-capabilities"] = capabilities
    return requests.post(f"{base}/_delta-sharing/v1/shares/{SHARE}/schemas/s/tables/{table}/query",
                         json=body, headers=headers, timeout=60)


def lines(response: requests.Response) -> list:
    assert response.status_code == 200, response.text
    return [json.loads(line) for line in response.text.splitlines()]


def file_ids(page: list) -> list:
    return [line["file"]["id"] for line in page if "file" in line]


# --- the specs -----------------------------------------------------------------------------------

def test_a_paged_query_whose_pages_alternate_replicas_returns_every_file_once(cluster, shared, s3_sales_table):
    token = cluster.token(shared)["token"]
    everything = file_ids(lines(query(cluster.lb.url, token, "sales", {})))
    assert len(everything) > 6, "a table of enough files to page"
    seen, served_by, body = [], [], {"maxFiles": 2}
    while True:
        response = query(cluster.lb.url, token, "sales", body)
        served_by.append(response.headers[REPLICA_HEADER])
        page = lines(response)
        seen += file_ids(page)
        following = page[-1]["endStreamAction"].get("nextPageToken")
        if not following:
            break
        body = {"maxFiles": 2, "pageToken": following}
    assert sorted(seen) == sorted(everything) and len(seen) == len(set(seen)), \
        f"{len(seen)} files over the pages ({len(set(seen))} distinct), {len(everything)} in the table"
    # Each page was answered by the other replica than the page before it.
    crossings = sum(1 for before, after in zip(served_by, served_by[1:]) if before != after)
    assert crossings == len(served_by) - 1, f"pages served by {served_by}"
    FIGURES["replicas"]["Paged query (maxFiles 2)"] = (
        f"{len(served_by)} pages, each on the other replica than the one before "
        f"({served_by.count('a')} on a, {served_by.count('b')} on b): {len(seen)} files, each exactly once")
    record_figures()


def test_an_async_query_submitted_on_one_replica_is_polled_to_completion_on_the_other(cluster, shared):
    token = cluster.token(shared)["token"]
    headers = {"Authorization": "Bearer " + token, "delta-sharing-capabilities": "asyncquery=true"}
    expected = sorted(file_ids(lines(query(cluster.lb.url, token, "sales", {}))))
    submitted = requests.post(cluster.on("a", f"{cluster.lb.url}/_delta-sharing/v1/shares/{SHARE}/schemas/s/tables/sales/query"),
                              json={"idempotencyKey": "replicas-1"}, headers=headers, timeout=60)
    status = lines(submitted)[0]["queryStatus"]
    assert status["status"] == "pending", status
    poll_url = cluster.on("b", f"{cluster.lb.url}/_delta-sharing/v1/shares/{SHARE}/schemas/s/tables/sales/queries/{status['queryId']}")
    polls, deadline, result = 0, time.monotonic() + 60, None
    while time.monotonic() < deadline:
        polls += 1
        answer = lines(requests.post(poll_url, json={}, headers=headers, timeout=60))
        if "queryStatus" in answer[0]:
            assert answer[0]["queryStatus"]["status"] == "pending", answer[0]
            time.sleep(0.1)
            continue
        result = answer
        break
    assert result is not None, "the query was still pending after 60 s"
    assert sorted(file_ids(result)) == expected
    # The same idempotency key on the other replica is the same query.
    again = requests.post(cluster.on("b", submitted.url), json={"idempotencyKey": "replicas-1"}, headers=headers, timeout=60)
    assert lines(again)[0]["queryStatus"]["queryId"] == status["queryId"]
    FIGURES["replicas"]["Async query"] = (f"submitted on a, polled on b: done at poll {polls}, "
                                          f"{len(expected)} files as the synchronous query lists them")
    record_figures()


def test_a_token_revoked_through_one_replica_is_refused_at_once_there_and_within_the_check_window_by_the_other(
        cluster, shared):
    waits = []
    for revoker, other in (("a", "b"), ("b", "a")):
        issued = cluster.token(shared, cluster.replicas[revoker].url)
        headers = {"Authorization": "Bearer " + issued["token"]}
        here, there = (cluster.on(r, f"{cluster.lb.url}/_delta-sharing/v1/shares") for r in (revoker, other))
        # Both replicas have checked the token, so both hold the check in their caches.
        assert requests.get(here, headers=headers, timeout=30).status_code == 200
        assert requests.get(there, headers=headers, timeout=30).status_code == 200
        cluster.admin(cluster.replicas[revoker].url, "DELETE", f"/tokens/{issued['id']}", 204)
        refused_here = requests.get(here, headers=headers, timeout=30)
        assert refused_here.status_code == 401, refused_here.text
        start = time.monotonic()
        while (refused := requests.get(there, headers=headers, timeout=30)).status_code == 200:
            assert time.monotonic() - start < TOKEN_CHECK_WINDOW_S + 1, "the revoked token was still accepted"
            time.sleep(0.05)
        waits.append(time.monotonic() - start)
        assert refused.status_code == 401, refused.text
        assert refused.json()["errorCode"] == "UNAUTHENTICATED"
    FIGURES["revocation"]["Bearer token removed on one replica (both ways)"] = (
        f"401 there at the next request; 401 on the other after {max(waits):.1f} s at most "
        f"(window {TOKEN_CHECK_WINDOW_S:.0f} s)")
    record_figures()


def until_refused(url: str) -> tuple:
    """Fetches the URL until it is refused, up to the window and a second more; (seconds, response)."""
    start = time.monotonic()
    while True:
        response = requests.get(url, timeout=30)
        waited = time.monotonic() - start
        if response.status_code != 200:
            return waited, response
        assert waited < REVOCATION_WINDOW_S + 1, f"the revoked URL was still served after {waited:.1f} s"
        time.sleep(0.05)


def signed_url(cluster, issuer: str, token: str) -> str:
    page = lines(query(cluster.replicas[issuer].url, token, "words", {}))
    url = next(line["file"]["url"] for line in page if "file" in line)
    assert url.startswith(cluster.lb.url + "/_lakeshare/v1/files/"), "the server's own URL, on the balancer"
    return url


def test_a_signed_file_url_issued_by_one_replica_is_refused_by_the_other_after_revocation(cluster, shared):
    issued = cluster.token(shared)
    kept = cluster.token(shared)
    url = cluster.on("b", signed_url(cluster, "a", issued["token"]))
    kept_url = cluster.on("b", signed_url(cluster, "a", kept["token"]))
    assert requests.get(url, timeout=30).content[:4] == b"PAR1", "served by the other replica before revocation"
    cluster.admin(cluster.replicas["a"].url, "DELETE", f"/tokens/{issued['id']}", 204)
    seconds, refused = until_refused(url)
    assert refused.status_code == 403, refused.text
    assert refused.json()["errorCode"] == "PERMISSION_DENIED" and "revoked" in refused.json()["message"]
    assert requests.head(url, timeout=30).status_code == 403
    assert requests.get(kept_url, timeout=30).status_code == 200, "another token's URLs are untouched"
    FIGURES["revocation"]["Signed file URL (issued by a), token removed on a, fetched on b"] = \
        f"403 after {seconds:.1f} s (window {REVOCATION_WINDOW_S:.0f} s)"

    # A removed share takes its tokens' URLs with it, the other way round.
    cluster.admin(cluster.lb.url, "POST", "/shares", 201, json={
        "name": "doomed", "schema": "s", "tables": ["words:delta:proxied:words/"]})
    doomed = cluster.token("doomed")
    page = lines(requests.post(cluster.on("b", f"{cluster.lb.url}/_delta-sharing/v1/shares/doomed/schemas/s/tables/words/query"),
                               json={}, headers={"Authorization": "Bearer " + doomed["token"]}, timeout=60))
    share_url = cluster.on("a", next(line["file"]["url"] for line in page if "file" in line))
    assert requests.get(share_url, timeout=30).status_code == 200
    cluster.admin(cluster.replicas["b"].url, "DELETE", "/shares/doomed", 204)
    seconds, refused = until_refused(share_url)
    assert refused.status_code == 403 and refused.json()["errorCode"] == "PERMISSION_DENIED", refused.text
    FIGURES["revocation"]["Signed file URL (issued by b), share removed on b, fetched on a"] = \
        f"403 after {seconds:.1f} s (window {REVOCATION_WINDOW_S:.0f} s)"
    record_figures()


def test_the_official_connector_reads_through_the_balancer(cluster, shared, s3_sales_table, proxied_table, tmp_path):
    import delta_sharing
    # Made as README says (lakeshare token create --json | jq -r .profile), against one replica.
    profile = cluster.replicas["a"].profile(shared, tmp_path)
    assert json.loads(profile.read_text())["endpoint"] == cluster.lb.url + "/_delta-sharing/v1"
    before = len(cluster.lb.served())
    latest = max(s3_sales_table.rows_at)
    sales = delta_sharing.load_as_pandas(f"{profile}#{SHARE}.s.sales")
    assert sorted(sales.to_dict("records"), key=lambda r: r["id"]) == s3_sales_table.rows_at[latest]
    words = delta_sharing.load_as_pandas(f"{profile}#{SHARE}.s.words")
    assert sorted(words.to_dict("records"), key=lambda r: r["id"]) == proxied_table
    served = cluster.lb.served()[before:]
    per_replica = {name: sum(1 for s in served if s[0] == name) for name in cluster.replicas}
    files = {name: sum(1 for s in served if s[0] == name and "/_lakeshare/v1/files/" in s[3]) for name in cluster.replicas}
    assert all(n > 0 for n in per_replica.values()), f"requests per replica: {per_replica}"
    assert all(s[1] in ("200", "206") for s in served), [s[:3] for s in served if s[1] not in ("200", "206")]
    FIGURES["replicas"]["Official connector through HAProxy (two tables)"] = (
        f"rows as written; {len(served)} requests: " + ", ".join(
            f"{per_replica[n]} on {n} ({files[n]} of them file downloads)" for n in sorted(per_replica)))
    record_figures()
