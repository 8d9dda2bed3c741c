"""Scale: many recipients at once, and an object store that is not on loopback. Against the packaged
server and MinIO, with the benchmark's 1,000,000-file checkpointed Delta table:

- concurrency: 1, 4 and 16 recipients stream the whole table at once, from the local warehouse
  (signed URLs to the server) and from MinIO (presigned URLs), each stream counted to the last file;
- store latency: MinIO behind a proxy that puts it 0, 20 and 50 ms away, and a table of the same
  checkpoint followed by 50 JSON commits: the cold load, the first line of a recipient's first query
  on a server that has nothing cached, and `/version` of the loaded table, with the requests each
  one sent to the store.

Writes two sections of BENCHMARKS.md. Run it with ./dev bench scale.
"""
import datetime
import json
import os
import pathlib
import shutil
import statistics
import sys
import tempfile
import threading
import time

import requests

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src" / "test" / "python"))
sys.path.insert(0, str(ROOT / "bench"))
from harness import s3_filesystem, start_minio, start_server, stop  # noqa: E402
from latency_proxy import LatencyProxy  # noqa: E402
from report import machine, replace_section  # noqa: E402
from run import (BUCKET_LOCAL, BUCKET_S3, CACHE, BenchShare, HeapSampler, generate, stream_query,  # noqa: E402
                 table_name, upload_log)

FILES = int(os.environ.get("BENCH_SCALE_FILES", "1000000"))
CONCURRENCY = [1, 4, 16]
LATENCIES_MS = [0, 20, 50]
TAIL_COMMITS = 50
CONCURRENCY_HEAP = "512m"
LATENCY_HEAP = "256m"


def generate_tail(files: int) -> pathlib.Path:
    """The benchmark table's log, then TAIL_COMMITS commits of one file each by delta-rs after its
    checkpoint: what a log replay must read past the checkpoint."""
    from deltalake import DeltaTable
    from deltalake.transaction import AddAction
    path = CACHE / "warehouse" / BUCKET_LOCAL / f"tail{files}"
    if not (path / ".done").exists():
        source = generate(files)
        shutil.rmtree(path, ignore_errors=True)
        shutil.copytree(source / "_delta_log", path / "_delta_log")
        shutil.copy(source / "part-0000000.parquet", path)
        table = DeltaTable(str(path))
        schema, size, millis = table.schema(), (path / "part-0000000.parquet").stat().st_size, int(time.time() * 1000)
        for k in range(TAIL_COMMITS):
            i = files + k
            table.create_write_transaction(
                [AddAction(f"part-{i:07d}.parquet", size, {}, millis, True,
                           f'{{"numRecords":1,"minValues":{{"id":{i}}},"maxValues":{{"id":{i}}},"nullCount":{{"id":0}}}}')],
                mode="append", schema=schema)
            table.update_incremental()
        (path / ".done").touch()
    return path


def at_once(owner: BenchShare, table: str, streams: int) -> dict:
    """`streams` recipients stream the whole table at the same moment."""
    barrier = threading.Barrier(streams)
    results = [None] * streams

    def one(i: int) -> None:
        barrier.wait()
        started = time.perf_counter()
        results[i] = (started, stream_query(owner.endpoint, owner.token, "bench", table))

    threads = [threading.Thread(target=one, args=(i,)) for i in range(streams)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert all(r is not None and r[1]["files"] == FILES for r in results), [r and r[1]["files"] for r in results]
    began = min(r[0] for r in results)
    ended = max(r[0] + r[1]["total_s"] for r in results)
    wall = ended - began
    return {"table": table, "streams": streams, "wall_s": wall, "files_per_s": streams * FILES / wall,
            "first_line_ms": [r[1]["ttfb_ms"] for r in results]}


def concurrency(work: pathlib.Path, minio) -> list:
    upload_log(minio, generate(FILES), table_name(FILES))
    process, server = start_server(work, minio, data_dir=work / "concurrency-data", java_options=[
        f"-Xmx{CONCURRENCY_HEAP}", f"-Dlakeshare.storage.buckets.{BUCKET_S3}.store=s3",
        # Admit them all at once: by default a replica serves 8 and queues the rest (README).
        f"-Dlakeshare.query-streams.max={max(CONCURRENCY)}"],
        env_overrides={"LAKESHARE_STORAGE_LOCAL_ROOT": str(CACHE / "warehouse")})
    sampler = HeapSampler(process.pid)
    rows = []
    try:
        owner = BenchShare(server)
        for store, bucket in (("local", BUCKET_LOCAL), ("s3", BUCKET_S3)):
            table = f"{store}_{FILES}"
            owner.add(table, bucket, table_name(FILES))
            sampler.reset()
            # The first queries of a snapshot arrive together: they render its lines once between them.
            first = at_once(owner, table, max(CONCURRENCY))
            rows.append({**first, "store": store, "cached": False, "heap_mib": sampler.reset()})
            print(json.dumps(rows[-1]), flush=True)
            for streams in CONCURRENCY:
                result = at_once(owner, table, streams)
                rows.append({**result, "store": store, "cached": True, "heap_mib": sampler.reset()})
                print(json.dumps(rows[-1]), flush=True)
    finally:
        sampler.close()
        stop(process)
    return rows


def timed(call) -> float:
    started = time.perf_counter()
    call()
    return time.perf_counter() - started


def distant_store(work: pathlib.Path, minio, minio_port: int, latency_ms: int, prefix: str) -> dict:
    proxy = LatencyProxy("127.0.0.1", minio_port, latency_ms).start()
    data_dir = work / f"latency-{latency_ms}-data"
    java = [f"-Xmx{LATENCY_HEAP}", f"-Dlakeshare.storage.buckets.{BUCKET_S3}.store=s3"]
    env = {"LAKESHARE_STORAGE_S3_ENDPOINT": proxy.endpoint}
    try:
        process, server = start_server(work, minio, data_dir=data_dir, java_options=java, env_overrides=env)
        try:
            owner = BenchShare(server)
            before = proxy.counted()
            cold_load_s = owner.add("tail", BUCKET_S3, prefix)
            cold_load_requests = proxy.counted() - before
        finally:
            stop(process)
        # A server that has nothing of the table: no snapshot in memory, no log files on its disk.
        shutil.rmtree(data_dir / "log-cache", ignore_errors=True)
        shutil.rmtree(data_dir / "spool", ignore_errors=True)
        process, server = start_server(work, minio, data_dir=data_dir, java_options=java, env_overrides=env)
        try:
            owner = BenchShare(server, create=False)
            before = proxy.counted()
            first = stream_query(owner.endpoint, owner.token, "bench", "tail")
            first_requests = proxy.counted() - before
            assert first["files"] == FILES + TAIL_COMMITS, first
            version_url = f"{owner.endpoint}/shares/bench/schemas/s/tables/tail/version"
            headers = {"Authorization": f"Bearer {owner.token}"}
            versions = []
            for _ in range(5):
                before = proxy.counted()
                seconds = timed(lambda: requests.get(version_url, headers=headers, timeout=60).raise_for_status())
                versions.append((seconds, proxy.counted() - before))
        finally:
            stop(process)
    finally:
        proxy.close()
    version_s = statistics.median(v[0] for v in versions)
    return {"latency_ms": latency_ms, "cold_load_s": cold_load_s, "cold_load_requests": cold_load_requests,
            "first_line_ms": first["ttfb_ms"], "first_total_s": first["total_s"], "first_requests": first_requests,
            "version_ms": version_s * 1000, "version_requests": statistics.median(v[1] for v in versions)}


def latencies(work: pathlib.Path, minio, minio_port: int) -> list:
    upload_log(minio, generate_tail(FILES), f"tail{FILES}")
    rows = []
    for latency_ms in LATENCIES_MS:
        rows.append(distant_store(work, minio, minio_port, latency_ms, f"tail{FILES}"))
        print(json.dumps(rows[-1]), flush=True)
    return rows


def mark(ok) -> str:
    return "met" if ok else "**not met**"


def now() -> str:
    return datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")


def write_concurrency(concurrent: list) -> None:
    rows = "\n".join(
        f"| {r['store']} | {r['streams']} | {'cached' if r['cached'] else 'first queries'} | {r['wall_s']:.2f} s "
        f"| {r['files_per_s']:,.0f} | {statistics.median(r['first_line_ms']):.0f} / {max(r['first_line_ms']):.0f} ms "
        f"| {r['heap_mib']:.0f} MiB |" for r in concurrent)
    single = {r["store"]: r["files_per_s"] for r in concurrent if r["cached"] and r["streams"] == 1}
    sixteen = {r["store"]: r for r in concurrent if r["cached"] and r["streams"] == max(CONCURRENCY)}
    heap = max(r["heap_mib"] for r in concurrent)
    replace_section("scale-concurrency", f"""## Concurrent recipients ({FILES:,}-file table, `./dev bench scale`)

Measured on {now()}: {machine()}. The server runs with `-Xmx{CONCURRENCY_HEAP}` and
`lakeshare.query-streams.max={max(CONCURRENCY)}` (by default a replica serves 8 at once and queues the
others for up to 20 s, then answers 503 with `Retry-After`). N recipients start
`POST /query` for the whole table at the same moment, each with its own `curl` into a line counter
(as above); every stream is checked to hold all {FILES:,} files. Aggregate files/s is N × files over
the time from the first start to the last end. "first queries" is {max(CONCURRENCY)} recipients
arriving together at a snapshot nobody has read whole yet (just added: loaded, not rendered).

| store | recipients | | wall | aggregate files/s | first line median / worst | heap high-water |
|---|---|---|---|---|---|---|
{rows}

| target | reached | |
|---|---|---|
| {max(CONCURRENCY)} concurrent queries all complete | every stream held all {FILES:,} files | met |
| aggregate files/s at {max(CONCURRENCY)} ≥ that of one query | local {sixteen['local']['files_per_s']:,.0f} vs {single['local']:,.0f}, s3 {sixteen['s3']['files_per_s']:,.0f} vs {single['s3']:,.0f} | local {mark(sixteen['local']['files_per_s'] >= single['local'])}, s3 {mark(sixteen['s3']['files_per_s'] >= single['s3'])} |
| heap ≤ 512 MiB | high-water {heap:.0f} MiB | {mark(heap <= 512)} |
""")


def write_latency(distant: list) -> None:
    rows = "\n".join(
        f"| {r['latency_ms']} ms | {r['cold_load_s']:.2f} s ({r['cold_load_requests']}) | {r['first_line_ms']:,.0f} ms "
        f"| {r['first_total_s']:.2f} s ({r['first_requests']}) | {r['version_ms']:.1f} ms ({r['version_requests']:.0f}) "
        f"| {r['version_ms'] / r['latency_ms']:.1f} |" if r['latency_ms'] else
        f"| {r['latency_ms']} ms | {r['cold_load_s']:.2f} s ({r['cold_load_requests']}) | {r['first_line_ms']:,.0f} ms "
        f"| {r['first_total_s']:.2f} s ({r['first_requests']}) | {r['version_ms']:.1f} ms ({r['version_requests']:.0f}) | – |"
        for r in distant)
    at20 = next((r for r in distant if r["latency_ms"] == 20), None)
    zero = next((r for r in distant if r["latency_ms"] == 0), at20)
    replace_section("scale-latency", f"""## A distant object store (`./dev bench scale`)

Measured on {now()}: {machine()}. MinIO behind a TCP proxy (`bench/latency_proxy.py`) that delays
every chunk the store sends by the latency, and each new connection by as much (its handshake): so a
request costs at least one round trip of that length. The table is the {FILES:,}-file table's
checkpoint followed by {TAIL_COMMITS} JSON commits of one file each (delta-rs). Cold load is the
owner adding the table (the admin API loads its snapshot); then the server is restarted with its log
cache and spool removed, and the first line is that of a recipient's first query to a server that
holds nothing of the table. `/version` is of the loaded table, median of 5. In parentheses: the HTTP
requests the server sent to the store for it.

| store latency | cold load (requests) | cold first line | cold first query (requests) | `/version` (requests) | `/version` in round trips |
|---|---|---|---|---|---|
{rows}

| target | reached | |
|---|---|---|
| cold first line ≤ 3 s at 20 ms | {at20['first_line_ms'] / 1000:.2f} s | {mark(at20['first_line_ms'] <= 3000)} |
| `/version` of a loaded table ≤ 2 round trips at 20 ms | {at20['version_requests']:.0f} request(s) to the store; {at20['version_ms']:.0f} ms in all, {zero['version_ms']:.0f} ms of it the server's own work (as at 0 ms) | {mark(at20['version_requests'] <= 2)} |
""" if at20 else "")


def main() -> None:
    work = pathlib.Path(tempfile.mkdtemp(prefix="lakeshare-scale-"))
    minio_process, minio = start_minio(work)
    try:
        s3_filesystem(minio).create_dir(BUCKET_S3)
        only = os.environ.get("BENCH_SCALE_ONLY", "")
        concurrent = concurrency(work, minio) if only in ("", "concurrency") else []
        minio_port = int(minio.endpoint.rsplit(":", 1)[1])
        distant = latencies(work, minio, minio_port) if only in ("", "latency") else []
    finally:
        stop(minio_process)
    if concurrent:
        write_concurrency(concurrent)
    if distant:
        write_latency(distant)
    print(json.dumps({"concurrency": concurrent, "latency": distant}))


if __name__ == "__main__":
    main()
