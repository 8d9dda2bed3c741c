"""What a Kubernetes kubelet and an operator see: readiness that follows the storage and the public
endpoint, and a shutdown that lets streams finish or makes them fail visibly, never silently short."""
import hashlib
import json
import os
import re
import signal
import socket
import subprocess
import time
import urllib.parse

import pyarrow as pa
import pytest
import requests
from deltalake import write_deltalake

from harness import ROOT, free_port, start_minio, start_server, stop

S3_BUCKET = "probed"


def wait_for(predicate, timeout=30.0, interval=0.25):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"not within {timeout}s")


def check(document, name):
    return next(c for c in document["checks"] if c["name"] == name)


def test_readiness_checks_the_public_endpoint_as_recipients_reach_it(server):
    ready = server.health("ready")
    assert ready["status"] == "UP"
    endpoint = check(ready, "public-endpoint")
    assert endpoint["status"] == "UP" and endpoint["data"]["endpoint"] == server.url
    names = {c["name"] for c in ready["checks"]}
    assert {"database", "storage", "shutdown", "public-endpoint", "iceberg-catalogs"} <= names, names
    from conftest import REST_WAREHOUSE
    assert check(ready, "iceberg-catalogs")["data"][REST_WAREHOUSE] == "answers (HTTP 200)"
    assert all(c["name"] != "public-endpoint" for c in server.health("live")["checks"]), "never part of liveness"


def test_readiness_follows_the_storage_without_a_restart(tmp_path):
    minio_process, minio = start_minio(tmp_path)
    port = int(urllib.parse.urlparse(minio.endpoint).port)
    server_process, server = start_server(tmp_path, minio, java_options=[f"-Dlakeshare.storage.buckets.{S3_BUCKET}.store=s3"])
    try:
        storage = check(server.health("ready"), "storage")
        assert storage["status"] == "UP" and "answers" in storage["data"]["s3"]

        stop(minio_process)
        down = wait_for(lambda: (d := server.health("ready"))["status"] == "DOWN" and d)
        storage = check(down, "storage")
        assert storage["status"] == "DOWN" and "S3 endpoint does not answer" in storage["data"]["s3"]
        assert "s3.since" in storage["data"] and storage["data"]["local"].endswith("is readable")
        assert server.health("live")["status"] == "UP", "an unreachable store is no reason to restart the pod"

        minio_process, _ = start_minio(tmp_path, port=port)
        wait_for(lambda: server.health("ready")["status"] == "UP")
        assert "Storage s3 answers again" in server.log.read_text()
    finally:
        stop(server_process)
        stop(minio_process)


# --- Shutdown ----------------------------------------------------------------------------------

BIG_FILE_MB = 48


@pytest.fixture(scope="module")
def big_table(tmp_path_factory):
    """A local table with one large, incompressible data file, served through the server's own URLs."""
    workdir = tmp_path_factory.mktemp("shutdown")
    table = workdir / "server-data" / "warehouse" / "big" / "blobs"
    rows = BIG_FILE_MB
    write_deltalake(str(table), pa.table({"id": pa.array(range(rows), pa.int64()),
                                          "blob": pa.array([os.urandom(1 << 20) for _ in range(rows)], pa.binary())}))
    return workdir


def start_big_server(workdir, minio, grace):
    process, server = start_server(workdir, minio, env_overrides={"QUARKUS_SHUTDOWN_TIMEOUT": grace})
    server.cli("share", "create", "big", "s", "blobs:delta:big:blobs/", check=False)
    profile = json.loads(server.profile("big", workdir).read_text())
    response = requests.post(profile["endpoint"] + "/shares/big/schemas/s/tables/blobs/query", json={},
                             headers={"Authorization": "Bearer " + profile["bearerToken"]})
    url = next(json.loads(l)["file"]["url"] for l in response.text.splitlines() if '"file"' in l)
    return process, server, url


def refused(url):
    """True when a new request gets no service: a 503, or no connection at all."""
    try:
        return requests.get(url, timeout=5).status_code == 503
    except requests.ConnectionError:
        return True


def data_file_digest(workdir):
    [parquet] = (workdir / "server-data" / "warehouse" / "big" / "blobs").glob("*.parquet")
    return hashlib.sha256(parquet.read_bytes()).hexdigest()


def test_on_sigterm_an_in_flight_file_stream_finishes_and_new_requests_are_refused(big_table, minio):
    process, server, url = start_big_server(big_table, minio, "20S")
    try:
        with requests.get(url, stream=True, timeout=30) as response:
            length = int(response.headers["Content-Length"])
            chunks = response.iter_content(1 << 16)
            first = next(chunks)
            digest, received = hashlib.sha256(first), len(first)
            process.send_signal(signal.SIGTERM)
            time.sleep(1)
            assert refused(server.url + "/_delta-sharing/v1/shares")
            for chunk in chunks:
                digest.update(chunk)
                received += len(chunk)
        assert received == length and digest.hexdigest() == data_file_digest(big_table)
        process.wait(timeout=30)
        assert "All requests finished" in server.log.read_text()
    finally:
        stop(process)


def test_a_stream_still_running_at_the_deadline_fails_visibly(big_table, minio):
    process, server, url = start_big_server(big_table, minio, "2S")
    try:
        received, length = 0, None
        with pytest.raises(requests.exceptions.ChunkedEncodingError):
            with requests.get(url, stream=True, timeout=30) as response:
                length = int(response.headers["Content-Length"])
                process.send_signal(signal.SIGTERM)
                # A slow reader: far more than the 2 s grace period to read the whole file.
                for chunk in response.iter_content(1 << 16):
                    received += len(chunk)
                    time.sleep(0.05)
        assert 0 < received < length, "the client saw a failed transfer, not a complete-looking one"
        process.wait(timeout=30)
        log = server.log.read_text()
        assert "aborted 1 unfinished request(s)" in log
        assert "X-Amz-Signature=<redacted>" in log or "X-Amz-Signature" not in log, "the failed URL is logged without its signature"
    finally:
        stop(process)


# An NDJSON /query stream of many files: long enough that a slow reader is still at it when the grace
# period ends. /query only lists the files, so the log's add actions need no data files behind them.
MANY_FILES = 100_000


@pytest.fixture(scope="module")
def many_files_table(tmp_path_factory):
    """A local table whose log names MANY_FILES data files (bench/generate_table.py: delta-rs add
    actions with statistics, and a checkpoint)."""
    workdir = tmp_path_factory.mktemp("ndjson-shutdown")
    table = workdir / "server-data" / "warehouse" / "big" / "many"
    generator = ROOT / "bench" / "generate_table.py"
    subprocess.run(["python3", str(generator), str(MANY_FILES), str(table)], check=True, capture_output=True)
    return workdir


def start_query_server(workdir, minio, grace):
    """Starts the server with the grace period, shares the many-files table; returns (process, server,
    query URL, headers)."""
    process, server = start_server(workdir, minio, env_overrides={"QUARKUS_SHUTDOWN_TIMEOUT": grace})
    try:
        server.cli("share", "create", "many", "s", "files:delta:big:many/", check=False)  # kept from an earlier start
        profile = json.loads(server.profile("many", workdir).read_text())
        # The end-of-stream line closes a whole response: a response without it is short.
        headers = {"Authorization": "Bearer " + profile["bearerToken"], "delta-sharing-capabilities": "includeendstreamaction=true"}
        query = profile["endpoint"] + "/shares/many/schemas/s/tables/files/query"
        # Once, so that the snapshot is loaded and the streams below start at once.
        assert requests.post(query, json={"limitHint": 1}, headers=headers, timeout=60).status_code == 200
    except BaseException:
        stop(process)
        raise
    return process, server, query, headers


def test_on_sigterm_an_in_flight_query_stream_finishes_whole(many_files_table, minio):
    process, server, query, headers = start_query_server(many_files_table, minio, "20S")
    try:
        with requests.post(query, json={}, headers=headers, stream=True, timeout=30) as response:
            assert response.status_code == 200
            lines = response.iter_lines()
            received = [json.loads(next(lines))]
            assert metric(server, "lakeshare_requests_in_flight") >= 1, "the query is streaming"
            process.send_signal(signal.SIGTERM)
            time.sleep(1)
            assert refused(server.url + "/_delta-sharing/v1/shares")
            received += [json.loads(line) for line in lines if line]
        kinds = [next(iter(line)) for line in received]
        assert kinds[:2] == ["protocol", "metaData"] and kinds[-1] == "endStreamAction", (kinds[:2], kinds[-1])
        files = [line["file"] for line in received if "file" in line]
        assert len(files) == MANY_FILES == len({f["id"] for f in files}) and len(received) == MANY_FILES + 3
        process.wait(timeout=30)
        assert "All requests finished" in server.log.read_text()
    finally:
        stop(process)


def test_a_query_stream_still_running_at_the_deadline_fails_visibly(many_files_table, minio):
    process, server, query, headers = start_query_server(many_files_table, minio, "2S")
    try:
        received = []
        # Uncompressed: some 45 MB, far more than the sockets' buffers hold, so the server is still
        # writing at the deadline (gzip would shrink it to what the buffers take in at once).
        headers = dict(headers, **{"Accept-Encoding": "identity"})
        with pytest.raises(requests.exceptions.ChunkedEncodingError):
            with requests.post(query, json={}, headers=headers, stream=True, timeout=30) as response:
                assert response.status_code == 200
                process.send_signal(signal.SIGTERM)
                # A slow reader until well past the 2 s grace period, then a fast one, to the end of what was sent.
                slow_until = time.monotonic() + 3.5
                for line in response.iter_lines():
                    if line:
                        received.append(json.loads(line))
                    if time.monotonic() < slow_until and len(received) % 100 == 0:
                        time.sleep(0.05)
        assert 0 < len(received) < MANY_FILES + 3
        assert all("endStreamAction" not in line for line in received), "the client saw a cut response, not a whole one"
        process.wait(timeout=30)
        log = server.log.read_text()
        assert "aborted 1 unfinished request(s)" in log
        # Cut by the server, not canceled by its client (the metrics are gone with the server by now).
        audit = [json.loads(l.split(") ", 1)[1]) for l in log.splitlines() if "[la.audit]" in l and '"endpoint":"query"' in l]
        assert audit[-1]["result"] == "aborted", audit[-1]
    finally:
        stop(process)


def metric(server, series):
    text = requests.get(server.management + "/q/metrics", timeout=10).text
    values = [float(l.rsplit(" ", 1)[1]) for l in text.splitlines() if l.startswith(series + " ")]
    return values[0] if values else 0.0


def test_a_client_that_goes_away_is_counted_as_canceled(big_table, minio):
    process, server, url = start_big_server(big_table, minio, "5S")
    try:
        assert metric(server, "lakeshare_requests_in_flight") == 0
        bytes_before = metric(server, "lakeshare_file_bytes_streamed_bytes_total")
        parsed = urllib.parse.urlparse(url)
        # A client that reads the start of a download and hangs up: the socket closes mid-body.
        with socket.create_connection((parsed.hostname, parsed.port)) as client:
            client.sendall(f"GET {parsed.path}?{parsed.query} HTTP/1.1\r\nHost: {parsed.netloc}\r\n\r\n".encode())
            head = client.recv(1 << 16)
            assert head.startswith(b"HTTP/1.1 200")
            length = int(re.search(rb"(?i)\r\ncontent-length: *(\d+)", head).group(1))
            assert metric(server, "lakeshare_requests_in_flight") >= 1, "the download is in flight"
        wait_for(lambda: metric(server, "lakeshare_requests_canceled_total") >= 1, timeout=10)
        wait_for(lambda: metric(server, "lakeshare_requests_in_flight") == 0, timeout=10)
        # The bytes the server did send count, though the transfer never completed.
        streamed = metric(server, "lakeshare_file_bytes_streamed_bytes_total") - bytes_before
        assert 0 < streamed < length, (streamed, length)
        # Routine, not a server error (whether the worker even notices depends on where its write was).
        assert "Unexpected failure" not in server.log.read_text()
    finally:
        stop(process)


def test_https_is_served_directly_and_readiness_checks_its_certificate(tmp_path, minio):
    from delta_sharing import SharingClient

    cert, key = tmp_path / "tls.crt", tmp_path / "tls.key"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                    "-days", "30", "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost",
                    "-keyout", str(key), "-out", str(cert)], check=True, capture_output=True)
    https_port = free_port()
    endpoint = f"https://localhost:{https_port}"
    process, server = start_server(tmp_path, minio, env_overrides={
        "QUARKUS_HTTP_SSL_PORT": str(https_port),
        "QUARKUS_HTTP_SSL_CERTIFICATE_FILES": str(cert),
        "QUARKUS_HTTP_SSL_CERTIFICATE_KEY_FILES": str(key),
        "LAKESHARE_PUBLIC_ENDPOINT": endpoint,
        # The certificate is self-signed: the check trusts it as it would a private CA.
        "LAKESHARE_HEALTH_PUBLIC_ENDPOINT_TRUSTED_CERTIFICATES": str(cert)})
    try:
        public = check(server.health("ready"), "public-endpoint")
        assert public["status"] == "UP" and public["data"]["stage"] == "ok", public
        assert "certificateExpires" in public["data"]
        # What alerting watches: the days left on the certificate (30 here), not a readiness flip.
        days_left = metric(server, "lakeshare_public_endpoint_certificate_expiry_seconds") / 86400
        assert 29 < days_left <= 30, days_left
        assert requests.get(endpoint + "/_delta-sharing/v1/shares", verify=str(cert), timeout=10).status_code == 401

        server.cli("share", "create", "tls", "hr", "employees:delta:demo:employees/")
        profile = server.profile("tls", tmp_path)
        assert json.loads(profile.read_text())["endpoint"] == endpoint + "/_delta-sharing/v1"
        os.environ["REQUESTS_CA_BUNDLE"] = str(cert)
        try:
            assert [t.name for t in SharingClient(str(profile)).list_all_tables()] == ["employees"]
        finally:
            del os.environ["REQUESTS_CA_BUNDLE"]
    finally:
        stop(process)
