"""Request load on the small endpoints: what a recipient's discovery and version checks cost the
server. Sequential /shares on one connection (latency of one request after another), then /shares,
/version and /metadata at the highest rate the machine sustains (wrk, 2 threads, 32 connections) and
at a fixed 1,000 requests/s (vegeta), each for BENCH_REQUEST_SECONDS (60). Clients written in C and
Go, so that the figures are the server's, not the client's; they share the 2 cores with the server.
Rewrites the request-load section of BENCHMARKS.md. Run it with ./dev bench requests."""
import csv
import datetime
import io
import json
import os
import pathlib
import re
import shutil
import subprocess
import sys
import tempfile

import requests

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src" / "test" / "python"))
sys.path.insert(0, str(ROOT / "bench"))
from harness import start_minio, start_server, stop  # noqa: E402
from report import machine, replace_section  # noqa: E402

SECONDS = int(os.environ.get("BENCH_REQUEST_SECONDS", "60"))
SEQUENTIAL_SECONDS = int(os.environ.get("BENCH_SEQUENTIAL_SECONDS", "20"))
FIXED_RATE = 1000
HEAP = os.environ.get("BENCH_HEAP", "256m")
VEGETA = shutil.which("vegeta") or str(pathlib.Path.home() / "go" / "bin" / "vegeta")


def heap_after_gc_mib(pid: int) -> float:
    """Used heap after a full collection: what the load left behind, garbage excluded."""
    subprocess.run(["jcmd", str(pid), "GC.run"], capture_output=True, check=True)
    out = subprocess.run(["jstat", "-gc", str(pid)], capture_output=True, text=True, check=True).stdout.split("\n")
    row = dict(zip(out[0].split(), out[1].split()))
    return sum(float(row[k]) for k in ("S0U", "S1U", "EU", "OU")) / 1024


def wrk(url: str, token: str, threads: int, connections: int, seconds: int) -> dict:
    out = subprocess.run(["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s",
                          "-s", str(ROOT / "bench" / "wrk_report.lua"), "-H", f"Authorization: Bearer {token}", url],
                         capture_output=True, text=True, check=True).stdout
    result = json.loads(next(l for l in out.splitlines() if l.startswith("RESULT ")).removeprefix("RESULT "))
    return {"client": f"wrk -t{threads} -c{connections}",
            "rate": result["requests"] / (result["duration_us"] / 1e6),
            "p50_ms": result["p50_us"] / 1000, "p99_ms": result["p99_us"] / 1000,
            "p999_ms": result["p999_us"] / 1000, "max_ms": result["max_us"] / 1000,
            "requests": result["requests"], "errors": result["non_2xx"] + result["socket_errors"]}


def vegeta(url: str, token: str, rate: int, seconds: int, work: pathlib.Path) -> dict:
    results = work / "vegeta.bin"
    subprocess.run([VEGETA, "attack", f"-rate={rate}/1s", f"-duration={seconds}s", "-timeout=10s",
                    "-header", f"Authorization: Bearer {token}", f"-output={results}"],
                   input=f"GET {url}\n", text=True, check=True, capture_output=True)
    encoded = subprocess.run([VEGETA, "encode", "-to", "csv", str(results)], capture_output=True, text=True,
                             check=True).stdout
    # timestamp, status, latency (ns), bytes out, bytes in, error, ...
    rows = list(csv.reader(io.StringIO(encoded)))
    latencies = sorted(int(r[2]) / 1e6 for r in rows)
    errors = sum(1 for r in rows if r[1] != "200")
    span_s = (int(rows[-1][0]) - int(rows[0][0])) / 1e9 if len(rows) > 1 else seconds

    def pct(p):
        return latencies[min(len(latencies) - 1, int(len(latencies) * p / 100))]
    return {"client": f"vegeta at {rate}/s", "rate": len(rows) / span_s if span_s else 0.0,
            "p50_ms": pct(50), "p99_ms": pct(99), "p999_ms": pct(99.9), "max_ms": latencies[-1],
            "requests": len(rows), "errors": errors}


def main() -> None:
    work = pathlib.Path(tempfile.mkdtemp(prefix="lakeshare-bench-requests-"))
    minio_process, minio = start_minio(work)
    runs = []
    try:
        # The rate limits are off: they would answer this load 429 by design (per token 100/s, per
        # replica 1,000/s by default), and what is measured here is the cost of a request served.
        process, server = start_server(work, minio, java_options=[f"-Xmx{HEAP}"], env_overrides={
            "LAKESHARE_RATE_LIMIT_PER_TOKEN": "0", "LAKESHARE_RATE_LIMIT_GLOBAL": "0"})
        try:
            server.cli("share", "create", "bench", "default", "employees:delta:demo:employees/")
            token = server.cli_json("token", "create", "bench")["token"]
            base = server.url + "/_delta-sharing/v1"
            table = base + "/shares/bench/schemas/default/tables/employees"
            endpoints = {"/shares": base + "/shares", "/version": table + "/version", "/metadata": table + "/metadata"}
            for url in endpoints.values():
                requests.get(url, headers={"Authorization": "Bearer " + token}, timeout=30).raise_for_status()
            # Warm-up: let the JIT compile the request path before anything is measured.
            wrk(endpoints["/shares"], token, 2, 16, 10)
            wrk(endpoints["/version"], token, 2, 16, 5)
            wrk(endpoints["/metadata"], token, 2, 16, 5)
            run = wrk(endpoints["/shares"], token, 1, 1, SEQUENTIAL_SECONDS)
            runs.append({"endpoint": "/shares", "load": "sequential, one connection", **run})
            print(json.dumps(runs[-1]), flush=True)
            for name, url in endpoints.items():
                before = heap_after_gc_mib(process.pid)
                run = wrk(url, token, 2, 32, SECONDS)
                runs.append({"endpoint": name, "load": "as fast as it goes", **run, "heap_before_mib": before,
                             "heap_after_mib": heap_after_gc_mib(process.pid)})
                print(json.dumps(runs[-1]), flush=True)
                before = heap_after_gc_mib(process.pid)
                run = vegeta(url, token, FIXED_RATE, SECONDS, work)
                runs.append({"endpoint": name, "load": f"fixed {FIXED_RATE:,}/s", **run, "heap_before_mib": before,
                             "heap_after_mib": heap_after_gc_mib(process.pid)})
                print(json.dumps(runs[-1]), flush=True)
            rss = re.search(r"VmHWM:\s+(\d+) kB", pathlib.Path(f"/proc/{process.pid}/status").read_text())
            rss_mib = int(rss.group(1)) / 1024
        finally:
            stop(process)
    finally:
        stop(minio_process)
    write_section(runs, rss_mib)


def write_section(runs, rss_mib) -> None:
    now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    rows = "\n".join(
        f"| `{r['endpoint']}` | {r['load']} | {r['client']} | {r['rate']:,.0f} | {r['p50_ms']:.2f} ms | {r['p99_ms']:.2f} ms "
        f"| {r['p999_ms']:.2f} ms | {r['max_ms']:.1f} ms | {r['requests']:,} | {r['errors']} "
        f"| {heap(r)} |" for r in runs)
    seq = runs[0]
    fixed = [r for r in runs if r["load"].startswith("fixed")]
    worst_fixed = max(r["p99_ms"] for r in fixed)
    errors = sum(r["errors"] for r in runs)

    def mark(ok):
        return "met" if ok else "**not met**"
    body = f"""## Request load (`./dev bench requests`)

Measured on {now}: {machine()}. The packaged server (`-Xmx{HEAP}`, embedded H2, rate limits off:
they would answer this load 429 by design) serves the demo table; every request carries a valid token.
Clients: `wrk` (C) for sequential and highest-rate load, `vegeta` (Go) for a fixed rate; both count
statuses without parsing bodies, and share the 2 cores with the server. Each loaded run lasts
{SECONDS} s after a warm-up; heap is the used heap after a full collection, before and after the run.
Peak resident set of the server over the whole run: {rss_mib:.0f} MiB.

| endpoint | load | client | requests/s | p50 | p99 | p99.9 | max | requests | errors | heap before / after |
|---|---|---|---|---|---|---|---|---|---|---|
{rows}

| target | reached | |
|---|---|---|
| sequential `/shares` p50 ≤ 0.3 ms | {seq['p50_ms']:.2f} ms | {mark(seq['p50_ms'] <= 0.3)} |
| sequential `/shares` p99 ≤ 2 ms | {seq['p99_ms']:.2f} ms | {mark(seq['p99_ms'] <= 2)} |
| `/version` and discovery p99 ≤ 5 ms at {FIXED_RATE:,} req/s | {worst_fixed:.2f} ms at worst | {mark(worst_fixed <= 5)} |
| 0 errors | {errors} | {mark(errors == 0)} |

A token check is answered from each replica's cache of successful checks for
`lakeshare.auth.token-cache-ttl` (2 s): a request reads the catalog only for what it lists.
"""
    replace_section("requests", body)
    print(body)


def heap(r) -> str:
    if "heap_before_mib" not in r:
        return ""
    return f"{r['heap_before_mib']:.0f} / {r['heap_after_mib']:.0f} MiB"


if __name__ == "__main__":
    main()
