"""Nothing acknowledged is lost: every share, table and token the admin API answered 2xx for, and
every revocation it answered 204 for, is still so after the server is killed (SIGKILL, no shutdown)
right after the last answer and started again on the same catalog — on the embedded H2 and on
PostgreSQL."""
import os
import pathlib
import shutil
import subprocess
import uuid

import pytest
import requests

import harness
import reliability
from harness import ROOT, start_server, stop

ROUNDS = 25
DEMO_TABLE = "employees:delta:demo:employees/"


class Admin:
    """The admin API over HTTP with the server's credential; every call must be acknowledged."""

    def __init__(self, server):
        self.server = server
        self.headers = {"Authorization": "Bearer " + (server.data_dir / "admin-token").read_text().strip()}

    def call(self, method, path, expected, **kwargs):
        response = requests.request(method, f"{self.server.url}/api/admin/v1{path}", headers=self.headers, timeout=30, **kwargs)
        assert response.status_code == expected, f"{method} {path}: {response.status_code} {response.text}"
        return response.json() if response.content else None


class Acknowledged:
    """What the server acknowledged, to look for after the crash."""

    def __init__(self):
        self.shares = {}          # name -> set of "schema/table" it holds
        self.removed_shares = []
        self.live_tokens = {}     # secret -> share
        self.revoked_tokens = []  # secrets

    def count(self) -> int:
        return (sum(1 + len(tables) for tables in self.shares.values()) + len(self.removed_shares)
                + len(self.live_tokens) + len(self.revoked_tokens))


def acknowledged_writes(server, rounds: int) -> Acknowledged:
    """Creations and revocations, each round ending with a revocation and a creation, so that the last
    fraction of a second before the crash holds both kinds."""
    admin, done, prefix = Admin(server), Acknowledged(), f"d{uuid.uuid4().hex[:8]}"
    for i in range(rounds):
        share = f"{prefix}-{i}"
        admin.call("POST", "/shares", 201, json={"name": share, "schema": "s", "tables": [DEMO_TABLE]})
        done.shares[share] = {"s/employees"}
        admin.call("PATCH", f"/shares/{share}", 200, json={"add": ["t:more:delta:demo:employees/"]})
        done.shares[share].add("t/more")
        doomed = admin.call("POST", "/tokens", 201, json={"share": share})
        admin.call("DELETE", f"/tokens/{doomed['id']}", 204)
        done.revoked_tokens.append(doomed["token"])
        if i % 5 == 4:
            # A removed share revokes its tokens with it.
            orphan = admin.call("POST", "/tokens", 201, json={"share": share})
            admin.call("DELETE", f"/shares/{share}", 204)
            del done.shares[share]
            done.removed_shares.append(share)
            done.revoked_tokens.append(orphan["token"])
            continue
        kept = admin.call("POST", "/tokens", 201, json={"share": share})
        done.live_tokens[kept["token"]] = share
    return done


def lost_writes(server, done: Acknowledged) -> list:
    """Every acknowledged write the restarted server does not show, as a readable list."""
    admin, lost = Admin(server), []
    for share, tables in done.shares.items():
        response = requests.get(f"{server.url}/api/admin/v1/shares/{share}", headers=admin.headers, timeout=30)
        if response.status_code != 200:
            lost.append(f"share {share}: {response.status_code}")
            continue
        held = {f"{t['schema']}/{t['name']}" for t in response.json()["tables"]}
        lost += [f"table {share}.{t}" for t in sorted(tables - held)]
    for share in done.removed_shares:
        response = requests.get(f"{server.url}/api/admin/v1/shares/{share}", headers=admin.headers, timeout=30)
        if response.status_code != 404:
            lost.append(f"removal of share {share}: {response.status_code}")

    def shares_seen_by(secret):
        response = requests.get(f"{server.url}/_delta-sharing/v1/shares", headers={"Authorization": "Bearer " + secret}, timeout=30)
        return response.status_code, [s["name"] for s in response.json().get("items", [])] if response.ok else None

    for secret, share in done.live_tokens.items():
        status, names = shares_seen_by(secret)
        if status != 200 or names != [share]:
            lost.append(f"token of {share}: {status} {names}")
    for secret in done.revoked_tokens:
        status, _ = shares_seen_by(secret)
        if status != 401:
            lost.append(f"revocation of a token {secret[:8]}...: {status}")
    return lost


def crash_and_restart(workdir, minio, jar, env):
    """Acknowledged writes, SIGKILL straight after the last answer, a start on the same catalog."""
    process, server = start_server(workdir, minio, env_overrides=env, jar=jar)
    try:
        done = acknowledged_writes(server, ROUNDS)
        process.kill()
        process.wait(timeout=30)
    finally:
        stop(process)
    process, server = start_server(workdir, minio, env_overrides=env, jar=jar)
    try:
        lost = lost_writes(server, done)
    finally:
        stop(process)
    print(f"{jar.parent.name}: {done.count() - len(lost)} of {done.count()} acknowledged writes survived kill -9")
    SURVIVED[jar.parent.name] = (done.count() - len(lost), done.count())
    rows = "\n".join(f"| {'PostgreSQL' if 'postgresql' in build else 'H2 (embedded, default build)'} | "
                     f"{kept} of {total} |" for build, (kept, total) in sorted(SURVIVED.items()))
    reliability.record("durability", "Nothing acknowledged is lost on a crash", f"""
`src/test/python/test_durability.py`: {ROUNDS} rounds of acknowledged admin writes (share created,
table added, token created and revoked, token kept, every fifth share removed with a token of its
own), then SIGKILL straight after the last answer, a start on the same catalog, and every write
looked for (created tokens authenticate and see their share, revoked tokens get 401, removed shares
404).

| Catalog | Acknowledged writes found after kill -9 |
|---|---|
{rows}

Before H2 wrote its commits inside the request (`WRITE_DELAY=0`), the H2 row read 113 of 115: the
last token handed out was gone and the last revoked token worked again. H2 does not fsync per commit
(a killed process loses nothing; a power loss may); PostgreSQL covers both.""")
    return done, lost


SURVIVED = {}


def test_on_h2_every_acknowledged_write_survives_a_kill(tmp_path, minio):
    done, lost = crash_and_restart(tmp_path, minio, harness.JAR, {})
    assert not lost, f"{len(lost)} of {done.count()} acknowledged writes were lost: {lost}"


# Quarkus fixes the database kind at build time: ./dev test builds the server for PostgreSQL too,
# into a directory of its own, and says where its database is.
POSTGRES_JAR = ROOT / "target" / "quarkus-app-postgresql" / "quarkus-run.jar"


def postgres_build() -> pathlib.Path:
    """The server built for PostgreSQL; built here when missing or older than the default build."""
    if not POSTGRES_JAR.exists() or POSTGRES_JAR.stat().st_mtime < harness.JAR.stat().st_mtime:
        subprocess.run([str(ROOT / "mvnw"), "-B", "-q", "package", "-DskipTests", "-Dquarkus.datasource.db-kind=postgresql",
                        f"-Dquarkus.package.output-directory={POSTGRES_JAR.parent.name}"], cwd=ROOT, check=True)
    return POSTGRES_JAR


@pytest.fixture(scope="module")
def postgres() -> dict:
    """The server's environment for the PostgreSQL database ./dev test creates."""
    url = os.environ.get("LAKESHARE_TEST_POSTGRES_URL")
    if not url:
        if os.environ.get("LAKESHARE_DEV_TEST"):
            pytest.fail("./dev test runs these specs on PostgreSQL, but LAKESHARE_TEST_POSTGRES_URL is unset")
        pytest.skip("LAKESHARE_TEST_POSTGRES_URL is unset: no PostgreSQL to run against (./dev test sets it to the database it creates)")
    return {"QUARKUS_DATASOURCE_JDBC_URL": url,
            "QUARKUS_DATASOURCE_USERNAME": os.environ.get("LAKESHARE_TEST_POSTGRES_USER", "lakeshare"),
            "QUARKUS_DATASOURCE_PASSWORD": os.environ.get("LAKESHARE_TEST_POSTGRES_PASSWORD", "lakeshare")}


def test_on_postgresql_every_acknowledged_write_survives_a_kill(tmp_path, minio, postgres):
    done, lost = crash_and_restart(tmp_path, minio, postgres_build(), postgres)
    assert not lost, f"{len(lost)} of {done.count()} acknowledged writes were lost: {lost}"
