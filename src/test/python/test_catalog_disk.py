"""The catalog's disk full or read-only: a write that cannot be stored is refused with a 503 in the
protocol's error shape and nothing is acknowledged that is not stored; recipients keep reading with
their tokens; readiness is DOWN while the catalog cannot write, and UP again by itself, without a
restart, once it can. The data directory is a real small tmpfs (the tests run as root)."""
import errno
import json
import subprocess
import time

import pytest
import requests

import reliability
from harness import start_server, stop

DEMO_TABLE = "employees:delta:demo:employees/"


@pytest.fixture
def small_disk(tmp_path):
    """A 16 MiB tmpfs of its own, unmounted afterwards."""
    mount = tmp_path / "disk"
    mount.mkdir()
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=16m,mode=0755", "tmpfs", str(mount)], check=True)
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def fill(disk) -> int:
    """Writes a file until the disk is full; returns its size."""
    written, chunk = 0, b"\0" * (1 << 16)
    with open(disk / "filler", "wb", buffering=0) as out:
        try:
            while True:
                written += out.write(chunk)
        except OSError as e:
            assert e.errno == errno.ENOSPC, e
    return written


def wait_for(predicate, timeout=30.0, interval=0.2):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"not within {timeout}s")


def database_check(server) -> dict:
    return next(c for c in server.health("ready")["checks"] if c["name"] == "database")


class Owner:
    def __init__(self, server):
        self.url = server.url + "/api/admin/v1"
        self.headers = {"Authorization": "Bearer " + (server.data_dir / "admin-token").read_text().strip()}

    def request(self, method, path, **kwargs):
        return requests.request(method, self.url + path, headers=self.headers, timeout=30, **kwargs)

    def create_token(self, share) -> dict:
        response = self.request("POST", "/tokens", json={"share": share})
        assert response.status_code == 201, response.text
        return response.json()


class Recipient:
    def __init__(self, server, token: dict):
        self.base = server.url + "/_delta-sharing/v1"
        self.headers = {"Authorization": "Bearer " + token["token"]}

    def reads(self, share) -> bool:
        """Lists its shares and queries the table, then fetches a data file through its URL."""
        shares = requests.get(self.base + "/shares", headers=self.headers, timeout=30)
        assert shares.status_code == 200, shares.text
        assert [s["name"] for s in shares.json()["items"]] == [share]
        query = requests.post(f"{self.base}/shares/{share}/schemas/s/tables/employees/query", json={}, headers=self.headers, timeout=30)
        assert query.status_code == 200, query.text
        urls = [json.loads(line)["file"]["url"] for line in query.text.splitlines() if '"file"' in line]
        assert urls and requests.get(urls[0], timeout=30).status_code == 200
        return True


PROVEN = reliability.Section("catalog-disk", "The catalog's disk full, almost full, read-only")


def assert_refused_as_unavailable(response):
    assert response.status_code == 503, f"{response.status_code} {response.text}"
    body = response.json()
    assert body["errorCode"] == "TEMPORARILY_UNAVAILABLE" and "catalog" in body["message"], body


def test_a_full_catalog_disk_refuses_writes_keeps_recipients_reading_and_recovers_by_itself(tmp_path, minio, small_disk):
    process, server = start_server(tmp_path, minio, data_dir=small_disk / "data")
    try:
        owner = Owner(server)
        assert owner.request("POST", "/shares", json={"name": "full", "schema": "s", "tables": [DEMO_TABLE]}).status_code == 201
        used = owner.create_token("full")
        assert Recipient(server, used).reads("full")
        unused = owner.create_token("full")  # first used once the disk is full, when its last use cannot be recorded

        fill(small_disk)
        assert Recipient(server, unused).reads("full"), "reading needs no write"
        assert_refused_as_unavailable(owner.request("POST", "/tokens", json={"share": "full"}))
        assert_refused_as_unavailable(owner.request("DELETE", f"/tokens/{used['id']}"))
        assert_refused_as_unavailable(owner.request("POST", "/shares", json={"name": "more", "schema": "s", "tables": [DEMO_TABLE]}))
        down = wait_for(lambda: (c := database_check(server))["status"] == "DOWN" and c)
        assert "write" in down["data"]["reason"] and "since" in down["data"], down
        assert server.health("live")["status"] == "UP"
        for _ in range(3):
            assert Recipient(server, used).reads("full") and Recipient(server, unused).reads("full")
        assert database_check(server)["status"] == "DOWN", "still cannot write"

        (small_disk / "filler").unlink()
        freed = time.monotonic()
        wait_for(lambda: database_check(server)["status"] == "UP")
        recovered = time.monotonic() - freed
        fresh = owner.create_token("full")
        assert Recipient(server, fresh).reads("full") and Recipient(server, used).reads("full")
        tokens = owner.request("GET", "/tokens", params={"share": "full"}).json()["items"]
        assert sorted(t["id"] for t in tokens) == sorted([used["id"], unused["id"], fresh["id"]]), \
            "the refused creation left no token and the refused revocation revoked nothing"
        assert "The catalog database stores writes again" in server.log.read_text()
        PROVEN.check("**Full disk** (16 MiB tmpfs filled to 0 bytes free): token creation, "
                     "revocation and share creation 503 `TEMPORARILY_UNAVAILABLE`, none kept; two recipients "
                     "(one never used before) read shares, a query and a file 4 times each; readiness DOWN, "
                     f"liveness UP; readiness UP {recovered:.1f} s after the space returned, then a token is 201.")
    finally:
        stop(process)


def test_a_read_only_catalog_disk_refuses_writes_keeps_recipients_reading_and_recovers_by_itself(tmp_path, minio, small_disk):
    data_dir = small_disk / "data"
    process, server = start_server(tmp_path, minio, data_dir=data_dir)
    try:
        owner = Owner(server)
        assert owner.request("POST", "/shares", json={"name": "frozen", "schema": "s", "tables": [DEMO_TABLE]}).status_code == 201
        token = owner.create_token("frozen")
    finally:
        stop(process)
    # Linux refuses to make a file system read-only while a file on it is open for writing (as the
    # catalog is while the server runs), so the disk turns read-only between two runs, as a volume
    # mounted read-only does. (On the same port: the token's profile names it.)
    subprocess.run(["mount", "-o", "remount,ro", str(small_disk)], check=True)
    port = int(server.url.rsplit(":", 1)[1])
    process, server = start_server(tmp_path, minio, data_dir=data_dir, until="started", port=port)
    try:
        owner = Owner(server)
        assert Recipient(server, token).reads("frozen")
        assert_refused_as_unavailable(owner.request("POST", "/tokens", json={"share": "frozen"}))
        assert_refused_as_unavailable(owner.request("DELETE", f"/tokens/{token['id']}"))
        down = database_check(server)
        assert down["status"] == "DOWN" and "read-only" in down["data"]["reason"], down
        assert Recipient(server, token).reads("frozen")

        subprocess.run(["mount", "-o", "remount,rw", str(small_disk)], check=True)
        writable = time.monotonic()
        wait_for(lambda: database_check(server)["status"] == "UP")
        recovered = time.monotonic() - writable
        fresh = owner.create_token("frozen")
        assert Recipient(server, fresh).reads("frozen") and Recipient(server, token).reads("frozen")
        PROVEN.check("**Read-only disk** (the tmpfs remounted `ro` before a start): the server "
                     "starts, the recipient reads, token creation and revocation 503, readiness DOWN naming "
                     f"\"read-only\"; readiness UP {recovered:.1f} s after `remount,rw`, without a restart.")
    finally:
        stop(process)


def fill_leaving(disk, free_bytes: int) -> None:
    """Fills the disk but for about `free_bytes`."""
    import os
    stats = os.statvfs(disk)
    with open(disk / "filler", "wb") as out:
        out.truncate(0)
        size = stats.f_bavail * stats.f_frsize - free_bytes
        chunk = b"\0" * (1 << 20)
        while size > 0:
            size -= out.write(chunk[:min(len(chunk), size)])


def test_a_write_larger_than_the_space_left_is_refused_and_the_catalog_reopens_by_itself(tmp_path, minio, small_disk):
    """The disk has room for an ordinary write, but not for this one: H2 fails it in its commit and
    closes the database; it is reopened, and nothing of the write is kept."""
    process, server = start_server(tmp_path, minio, data_dir=small_disk / "data")
    try:
        owner = Owner(server)
        assert owner.request("POST", "/shares", json={"name": "big", "schema": "s", "tables": [DEMO_TABLE]}).status_code == 201
        token = owner.create_token("big")
        assert Recipient(server, token).reads("big")
        fill_leaving(small_disk, 5 << 18)  # 1.25 MiB: room for an ordinary write
        tables = [f"t:many{i:05d}:delta:demo:{'p' * 1000}{i:05d}/" for i in range(2_000)]  # over 2 MiB in all
        assert_refused_as_unavailable(owner.request("PATCH", "/shares/big", json={"add": tables}))
        for _ in range(3):
            assert Recipient(server, token).reads("big")
        share = owner.request("GET", "/shares/big").json()
        assert [t["name"] for t in share["tables"]] == ["employees"], "nothing of the refused change was kept"
        (small_disk / "filler").unlink()
        wait_for(lambda: database_check(server)["status"] == "UP")
        assert owner.request("PATCH", "/shares/big", json={"add": tables[:3]}).status_code == 200
        PROVEN.check(f"**Almost full** (1.25 MiB left): a change of {len(tables):,} tables "
                     "(over 2 MiB) that H2 fails in its commit is 503 and leaves nothing; the recipient reads "
                     "3 of 3 times right after; the catalog reopens by itself and the next change is 200.")
    finally:
        stop(process)
