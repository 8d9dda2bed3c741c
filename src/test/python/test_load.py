"""Operations under load: while recipients stream large table queries at once, the probes and the
metrics answer within a second (Kubernetes would otherwise restart the pod and cut every stream),
every stream completes whole, and the process stays within a bounded multiple of its heap.

The readers are `curl` processes piping into `wc -l`, so that the client costs the two cores little
and the probe latencies measured here are the server's, not the test's."""
import http.client
import statistics
import subprocess
import sys
import threading
import time
import urllib.request

import pytest

import reliability
from harness import ROOT, start_server, stop

FILES = 10_000
HEAP = "512m"
# As kubernetes/deployment.yaml's JAVA_OPTS bound what lives outside the heap, with the heap fixed here.
JAVA_OPTIONS = ["-Xmx" + HEAP, "-XX:MaxDirectMemorySize=256m", "-Djdk.nio.maxCachedBufferSize=262144",
                "-XX:ReservedCodeCacheSize=64m", "-Xss512k"]
PROBES = ("/q/health/live", "/q/health/ready", "/q/metrics")
CONCURRENCY = (1, 16, 100)


@pytest.fixture(scope="module")
def loaded(tmp_path_factory, minio):
    workdir = tmp_path_factory.mktemp("load")
    data = workdir / "server-data"
    table = data / "warehouse" / "load" / "t10k"
    subprocess.run([sys.executable, str(ROOT / "bench" / "generate_table.py"), str(FILES), str(table)],
                   check=True, capture_output=True)
    process, server = start_server(workdir, minio, java_options=JAVA_OPTIONS, data_dir=data)
    try:
        server.cli("share", "create", "load", "s", "t10k:delta:load:t10k/")
        token = server.cli_json("token", "create", "load")["token"]
        yield process, server, token
    finally:
        stop(process)


class Probes(threading.Thread):
    """Asks the probes and the metrics in turn, each on a fresh connection, and keeps their latencies."""

    def __init__(self, management: str):
        super().__init__(daemon=True)
        host, port = management.removeprefix("http://").split(":")
        self.address = (host, int(port))
        self.latencies = {probe: [] for probe in PROBES}
        self.failures = []
        self.done = threading.Event()

    def run(self):
        while not self.done.is_set():
            for probe in PROBES:
                started = time.monotonic()
                try:
                    connection = http.client.HTTPConnection(*self.address, timeout=10)
                    connection.request("GET", probe)
                    response = connection.getresponse()
                    response.read()
                    connection.close()
                    if response.status != 200:
                        self.failures.append(f"{probe}: {response.status}")
                except OSError as e:
                    self.failures.append(f"{probe}: {e}")
                self.latencies[probe].append(time.monotonic() - started)
            time.sleep(0.1)


class Rss(threading.Thread):
    """Samples the server's resident set size."""

    def __init__(self, pid: int):
        super().__init__(daemon=True)
        self.pid, self.samples, self.done = pid, [], threading.Event()

    def run(self):
        while not self.done.is_set():
            with open(f"/proc/{self.pid}/status") as status:
                kib = next(int(l.split()[1]) for l in status if l.startswith("VmRSS"))
            self.samples.append(kib / 1024)
            time.sleep(0.1)


def stream(server, token: str) -> subprocess.Popen:
    url = f"{server.url}/_delta-sharing/v1/shares/load/schemas/s/tables/t10k/query"
    # A query told to come back (503, Retry-After) comes back, as the official connector does.
    command = (f"curl -sS --fail --retry 30 --max-time 300 -X POST -H 'Authorization: Bearer {token}' "
               f"-H 'Content-Type: application/json' -d '{{}}' '{url}' | wc -l")
    return subprocess.Popen(["bash", "-o", "pipefail", "-c", command], stdout=subprocess.PIPE, text=True)


def refused_turns(server) -> float:
    with urllib.request.urlopen(server.management + "/q/metrics", timeout=30) as response:
        text = response.read().decode()
    return sum(float(line.split()[-1]) for line in text.splitlines()
               if line.startswith("lakeshare_query_streams_refused_total"))


def run_streams(process, server, token, concurrency: int) -> dict:
    refused_before = refused_turns(server)
    probes, rss = Probes(server.management), Rss(process.pid)
    probes.start(), rss.start()
    started = time.monotonic()
    readers = [stream(server, token) for _ in range(concurrency)]
    lines = [int(reader.communicate(timeout=600)[0].strip() or 0) for reader in readers]
    elapsed = time.monotonic() - started
    probes.done.set(), rss.done.set()
    probes.join(), rss.join()
    return {"lines": lines, "codes": [r.returncode for r in readers], "elapsed": elapsed,
            "probes": probes, "rss": max(rss.samples), "refused": refused_turns(server) - refused_before}


def p(values, q):
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1] if len(values) > 1 else values[0]


def test_probes_answer_within_a_second_and_every_stream_completes_under_concurrent_large_queries(loaded):
    process, server, token = loaded
    run_streams(process, server, token, 1)  # the snapshot loaded once, as after any first query
    rows, worst = [], {}
    for concurrency in CONCURRENCY:
        result = run_streams(process, server, token, concurrency)
        assert result["codes"] == [0] * concurrency, "every stream answered 200 and was read to its end"
        assert result["lines"] == [FILES + 2] * concurrency, "protocol, metadata and every file, in each stream"
        probes = result["probes"]
        assert not probes.failures, probes.failures
        all_latencies = [s for values in probes.latencies.values() for s in values]
        for probe, values in probes.latencies.items():
            worst[(concurrency, probe)] = max(values)
        rows.append(
            f"| {concurrency} | {result['elapsed']:.1f} s | {concurrency * FILES / result['elapsed']:,.0f} | "
            f"{len(all_latencies)} | {p(all_latencies, 50) * 1000:.0f} ms | {p(all_latencies, 99) * 1000:.0f} ms | "
            f"{max(all_latencies) * 1000:.0f} ms | {result['rss']:.0f} MiB | {result['refused']:.0f} |")
    reliability.record("load", "Probes and memory under concurrent large queries", f"""
`src/test/python/test_load.py`: concurrent `/query` streams of a {FILES:,}-file checkpointed Delta
table (local warehouse), each read whole by `curl | wc -l`, while liveness, readiness and the
Prometheus scrape are asked in turn every 100 ms on the management port. Server: `java
{' '.join(JAVA_OPTIONS)}`, `lakeshare.query-streams` at its defaults (8 at once; the rest wait their
turn up to 20 s, then are told 503 with `Retry-After` and come back, as the official connector does:
the last column counts those answers). Every stream complete (file count checked), 0 probe failures.

| Streams at once | All done in | Files/s (all streams) | Probe requests | Probe p50 | Probe p99 | Probe max | Server RSS (max) | Told to come back |
|---|---|---|---|---|---|---|---|---|
{chr(10).join(rows)}

Before query turns and single-load snapshots (100 streams, same table, `-Xmx512m`): liveness took up
to 10 s, the metrics scrape 13 s, RSS 1.24–1.28 GB, with repeated full collections: each of the 100
first requests scanned the table's log itself. With 16 queries at once instead of 8 (measured
2026-12-02, the machine shared with other builds) the 100-stream run delivered 61k files/s instead of
73k and one metrics scrape took 3.5 s; with direct memory capped and no pacing of the streams, the
response buffers waiting for a busy event loop outgrew 256 MiB and streams failed.""")
    slow = {k: round(v, 2) for k, v in worst.items() if v >= 1.0}
    assert not slow, f"probes slower than a second (streams, probe): seconds {slow}"
