"""The data directory: private to the server's user (it holds the catalog, with the keys that sign
file URLs for any share, and the admin credential), free of H2's trace file, and found from
wherever the packaged jar is started."""
import json
import os
import shutil
import stat

import requests

from conftest import FIXTURE_BUCKET
from harness import ROOT, start_server, stop

DEMO_TABLE = "employees:delta:demo:employees/"


def mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def modes_under(directory) -> dict:
    """Every directory and file under `directory` with its mode."""
    found = {directory: mode(directory)}
    for root, dirs, files in os.walk(directory):
        for name in dirs + files:
            found[os.path.join(root, name)] = mode(os.path.join(root, name))
    return found


def test_a_fresh_data_dir_and_everything_in_it_are_the_servers_users_only(tmp_path, minio, s3_orders_table):
    warehouse = tmp_path / "warehouse"
    shutil.copytree(ROOT / "demo" / "warehouse", warehouse)
    data_dir = tmp_path / "fresh"
    process, server = start_server(tmp_path, minio, data_dir=data_dir, warehouse=False,
                                   java_options=[f"-Dlakeshare.storage.buckets.{FIXTURE_BUCKET}.store=s3"],
                                   env_overrides={"LAKESHARE_STORAGE_LOCAL_ROOT": str(warehouse)})
    try:
        admin = {"Authorization": "Bearer " + (data_dir / "admin-token").read_text().strip()}
        created = requests.post(server.url + "/api/admin/v1/shares", headers=admin, timeout=30, json={
            "name": "private", "schema": "s", "tables": [DEMO_TABLE, f"orders:delta:{FIXTURE_BUCKET}:{s3_orders_table}"]})
        assert created.status_code == 201, created.text
        token = requests.post(server.url + "/api/admin/v1/tokens", headers=admin, json={"share": "private"}, timeout=30).json()
        recipient = {"Authorization": "Bearer " + token["token"]}
        base = server.url + "/_delta-sharing/v1/shares/private/schemas/s/tables"
        for table in ("employees", "orders"):  # the S3 table's log is copied into the log cache
            assert requests.post(f"{base}/{table}/query", json={}, headers=recipient, timeout=30).status_code == 200
        # Odd values the catalog cannot store: refused, and written nowhere but the redacted log.
        odd = {**recipient, "delta-sharing-capabilities": "asyncquery=true"}
        for body in ({"idempotencyKey": "dapi" + "f" * 300}, {"jsonPredicateHints": "x" * 70_000}):
            refused = requests.post(f"{base}/employees/query", json=body, headers=odd, timeout=30)
            assert refused.status_code == 400 and refused.json()["errorCode"] == "INVALID_PARAMETER_VALUE", refused.text
        assert requests.post(server.url + "/api/admin/v1/shares", headers=admin, timeout=30,
                             json={"name": "bad\u0000name", "schema": "s", "tables": [DEMO_TABLE]}).status_code == 400

        found = modes_under(str(data_dir))
        assert any(p.endswith("catalog.mv.db") for p in found) and any("log-cache" in p for p in found), found
        loose = {p: oct(m) for p, m in found.items() if m != (0o700 if os.path.isdir(p) else 0o600)}
        assert not loose, f"open to other users: {loose}"
        assert not [p for p in found if p.endswith(".trace.db")], "H2 keeps no trace file"
        assert "open to other users" not in server.log.read_text()
    finally:
        stop(process)


def test_an_existing_data_dir_open_to_others_is_warned_about_with_the_fix(tmp_path, minio):
    data_dir = tmp_path / "shared"
    data_dir.mkdir()
    data_dir.chmod(0o755)
    process, server = start_server(tmp_path, minio, data_dir=data_dir)
    try:
        log = server.log.read_text()
        assert f"{data_dir} holds the catalog and the admin credential and is open to other users (mode rwxr-xr-x)" in log
        assert f"Recommended action: chmod 700 {data_dir}" in log
        assert mode(data_dir) == 0o755, "left as its owner made it"
        assert mode(data_dir / "catalog.mv.db") == 0o600 and mode(data_dir / "admin-token") == 0o600
    finally:
        stop(process)
