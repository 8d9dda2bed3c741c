"""Fuzzes the parsers a recipient reaches, with Jazzer, for ``./dev fuzz``.

Each target is a ``@FuzzTest`` of the Java tests (``*FuzzTest``); ``./mvnw test`` only replays their
inputs (``src/test/resources/.../<Class>Inputs/<method>``). Here Jazzer's standalone driver fuzzes
each one in a JVM of its own for ``LAKESHARE_FUZZ_RUNS`` executions (1,000,000 by default), its
native agent instrumenting the server's classes for coverage. A crash is any throwable other than
the value or the 400 a target allows, an input running longer than 10 s, or the heap running out;
each lands in ``target/fuzz/findings/<target>/`` (the input, and a Java reproducer), to be fixed in
the parser, kept as a unit test and copied into the target's inputs. The figures go to
RELIABILITY.md's "fuzz" section through ``reliability.record``.

Expects ``target/test-classes`` and ``target/fuzz-classpath.txt`` (``./dev fuzz`` builds both).
"""

import os
import pathlib
import re
import subprocess
import sys
import time

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import reliability  # noqa: E402

ROOT = pathlib.Path(__file__).resolve().parents[3]
OUT = ROOT / "target" / "fuzz"

# (what a recipient sends, test class, method)
TARGETS = [
    ("`jsonPredicateHints`", "io.lakeshare.tables.skipping.PredicateHintsFuzzTest", "jsonPredicateHints"),
    ("SQL `predicateHints`", "io.lakeshare.tables.skipping.PredicateHintsFuzzTest", "predicateHints"),
    ("page tokens (any text)", "io.lakeshare.sharing.TokensFuzzTest", "pageTokens"),
    ("page tokens (tampered)", "io.lakeshare.sharing.TokensFuzzTest", "pageTokenTampering"),
    ("refresh tokens (any text)", "io.lakeshare.sharing.TokensFuzzTest", "refreshTokens"),
    ("refresh tokens (tampered)", "io.lakeshare.sharing.TokensFuzzTest", "refreshTokenTampering"),
    ("`delta-sharing-capabilities` header", "io.lakeshare.sharing.RecipientHeadersFuzzTest", "capabilitiesHeader"),
    ("`timestamp`, `startingTimestamp`, `endingTimestamp`", "io.lakeshare.sharing.RecipientHeadersFuzzTest",
     "timestamps"),
]


def inputs_dir(test_class: str, method: str) -> pathlib.Path:
    package, _, simple = test_class.rpartition(".")
    return ROOT / "src" / "test" / "resources" / package.replace(".", "/") / f"{simple}Inputs" / method


def fuzz(test_class: str, method: str, runs: int, classpath: str) -> dict:
    corpus = OUT / "corpus" / method
    findings = OUT / "findings" / method
    for d in (corpus, findings):
        d.mkdir(parents=True, exist_ok=True)
    for old in findings.iterdir():
        old.unlink()
    seeds = inputs_dir(test_class, method)
    command = [
        "java", "-Xmx1g", "-Djunit.jupiter.testclass.order.default=org.junit.jupiter.api.ClassOrderer$ClassName",
        "-cp", classpath, "com.code_intelligence.jazzer.Jazzer",
        f"--target_class={test_class}", f"--target_method={method}",
        "--instrumentation_includes=io.lakeshare.**", "--keep_going=1000",
        f"--reproducer_path={findings}", f"-artifact_prefix={findings}/",
        f"-runs={runs}", "-timeout=10", "-print_final_stats=1", str(corpus),
    ] + ([str(seeds)] if seeds.is_dir() else [])
    log = OUT / f"{method}.log"
    started = time.monotonic()
    with open(log, "w") as out:
        code = subprocess.call(command, stdout=out, stderr=subprocess.STDOUT, cwd=ROOT)
    seconds = time.monotonic() - started
    text = log.read_text(errors="replace")
    executed = re.findall(r"stat::number_of_executed_units: (\d+)", text)
    done = re.findall(r"Done (\d+) runs", text)
    executions = int(done[-1]) if done else int(executed[-1]) if executed else 0
    crashes = len([f for f in findings.iterdir() if re.match(r"(crash|timeout|oom|leak)-", f.name)])
    if code != 0 and crashes == 0:
        crashes = max(1, text.count("== Java Exception"))  # the fuzzer stopped on something it did not save
    return {"executions": executions, "crashes": crashes, "seconds": seconds, "log": log, "exit": code}


def main() -> int:
    runs = int(os.environ.get("LAKESHARE_FUZZ_RUNS", "1000000"))
    only = os.environ.get("LAKESHARE_FUZZ_ONLY")  # a method name, to fuzz one target
    classpath = ":".join([str(ROOT / "target" / "test-classes"), str(ROOT / "target" / "classes"),
                          (ROOT / "target" / "fuzz-classpath.txt").read_text().strip()])
    rows, failed = [], []
    for label, test_class, method in TARGETS:
        if only and method != only:
            continue
        print(f"fuzzing {test_class.rpartition('.')[2]}#{method} for {runs:,} executions", flush=True)
        r = fuzz(test_class, method, runs, classpath)
        print(f"  {r['executions']:,} executions, {r['crashes']} crash(es), {r['seconds']:.0f} s (log: {r['log']})",
              flush=True)
        rows.append(f"| {label} | `{test_class.rpartition('.')[2]}#{method}` | {r['executions']:,} "
                    f"| {r['crashes']} | {r['seconds']:.0f} s |")
        if r["crashes"] or r["executions"] < runs:
            failed.append(method)
    body = (
        "Each target is a Jazzer `@FuzzTest` driving one parser with what a recipient can send, run by "
        f"`./dev fuzz` for {runs:,} executions in a JVM of its own (Jazzer's native agent instrumenting "
        "the server's classes). A crash is anything but the value or the protocol's 400 the target "
        "allows (any other throwable: NPE, index or number errors, stack overflow, heap exhaustion), or "
        "an input that runs longer than 10 s. Every crash found was fixed and kept as a unit test and as "
        "an input that `./mvnw test` replays.\n\n"
        "| what a recipient sends | target | executions | crashes | time |\n|---|---|---:|---:|---:|\n"
        + "\n".join(rows)
    )
    if not only:
        reliability.record("fuzz", "Fuzzing the parsers a recipient reaches", body)
    if failed:
        print("fuzzing found crashes (or stopped early) in: " + ", ".join(failed), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
