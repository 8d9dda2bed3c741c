"""Damaged tables: whatever can be known before the first line is an error before it, naming the
table, in the protocol's shape and with a status the official clients do not retry for minutes; a
failure after the first line is reported in the end-of-stream line where the client asked for it,
and otherwise cuts the transfer — never a 200 that looks complete — and is audited as failed.
Share info and readiness name the damaged table."""
import json
import pathlib
import shutil

import pyarrow as pa
import pytest
import requests
from deltalake import DeltaTable, write_deltalake

import reliability

BUCKET = "damaged"
PROVEN = reliability.Section("damaged-tables", "Damaged tables: errors before the first line, failures reported after it")
DELTA_CAPABILITIES = "responseformat=delta,parquet;readerfeatures=deletionvectors,columnmapping,timestampntz"


def write_table(root: pathlib.Path, name: str, checkpoint: bool = False, change_feed: bool = False,
                files_per_commit: int = 1) -> pathlib.Path:
    """A delta-rs table of six appends (of files_per_commit files each), optionally checkpointed after the fourth."""
    path = root / BUCKET / name
    shutil.rmtree(path, ignore_errors=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    config = {"delta.enableChangeDataFeed": "true"} if change_feed else None
    for version in range(6):
        ids = list(range(version * 1000, version * 1000 + 3 * files_per_commit))
        rows = pa.table({"id": pa.array(ids, pa.int64()), "v": [f"row {version}"] * len(ids),
                         "part": [i % files_per_commit for i in ids]})
        write_deltalake(str(path), rows, mode="append", configuration=config if version == 0 else None,
                        partition_by=["part"] if files_per_commit > 1 else None)
        if checkpoint and version == 3:
            DeltaTable(str(path)).create_checkpoint()
    return path


def corrupt(file: pathlib.Path) -> None:
    file.write_bytes(b"\x00{ this is not what the writer wrote \xff" * 8)


@pytest.fixture(scope="module")
def damaged(server, tmp_path_factory):
    """Five tables in the server's local warehouse, damaged as each test says; the first two are
    damaged the way a writer would leave them (a new commit or checkpoint not written whole), before
    the server reads them, the others after (files removed or spoiled under what the server has read)."""
    warehouse = server.data_dir / "warehouse"
    # "cut" has commits of many files after its checkpoint: its answer is well under way when the log runs out.
    tables = {name: write_table(warehouse, name, checkpoint=name in ("checkpoint", "told", "cut"),
                                change_feed=name == "feed", files_per_commit=80 if name == "cut" else 1)
              for name in ("commit", "checkpoint", "told", "cut", "feed")}
    corrupt(tables["commit"] / "_delta_log" / "00000000000000000006.json")
    corrupt(next((tables["checkpoint"] / "_delta_log").glob("*.checkpoint.parquet")))
    server.cli("share", "create", "damaged", "s", *[f"{n}:delta:{BUCKET}:{n}/" for n in tables])
    profile = json.loads(server.profile("damaged", tmp_path_factory.mktemp("damaged")).read_text())
    return tables, profile


def call(profile, method: str, table: str, endpoint: str, body=None, capabilities=None, params=None):
    headers = {"Authorization": "Bearer " + profile["bearerToken"]}
    if capabilities:
        headers["delta-sharing-capabilities"] = capabilities
    url = f"{profile['endpoint']}/shares/damaged/schemas/s/tables/{table}/{endpoint}"
    return requests.request(method, url, json=body, headers=headers, params=params, timeout=60)


def assert_refused_naming(response, table: str):
    """An error answer, not a cut stream: JSON in the protocol's shape, naming the table, not retried."""
    assert 400 <= response.status_code < 500, (response.status_code, response.text[:500])
    error = response.json()
    assert set(error) == {"errorCode", "message"}, error
    assert f"'{table}'" in error["message"], error
    assert str(BUCKET + "/") not in error["message"] and "lakeshare://" not in error["message"], error


def audit_lines(server, table: str, at_least: int = 0) -> list:
    """The audit lines of the table's requests; the line is written just after the response, so wait for it."""
    import time
    deadline = time.monotonic() + 5
    while True:
        lines = read_audit(server, table)
        if len(lines) >= at_least or time.monotonic() > deadline:
            return lines
        time.sleep(0.1)


def read_audit(server, table: str) -> list:
    lines = []
    for line in server.log.read_text().splitlines():
        if "lakeshare.audit" in line or "[la.audit]" in line:
            start = line.find("{")
            if start >= 0 and f'"s.{table}"' in line:
                lines.append(json.loads(line[start:]))
    return lines


def test_a_corrupt_latest_commit_is_refused_before_the_first_line(damaged, server):
    tables, profile = damaged
    for endpoint, method, body in (("metadata", "GET", None), ("query", "POST", {}), ("query", "POST", {"maxFiles": 2})):
        assert_refused_naming(call(profile, method, "commit", endpoint, body), "commit")
    # The versions before it are still readable where history is shared.
    assert call(profile, "POST", "commit", "query", {"version": 5}).status_code == 200
    PROVEN.check("A corrupt latest commit: `/metadata`, `/query` and a paged `/query` are refused before the first line, "
                 "naming the table, with a status the official clients do not retry; version 5 before it still reads.")


def test_a_corrupt_checkpoint_is_refused_before_the_first_line(damaged, server):
    tables, profile = damaged
    for capabilities in (None, DELTA_CAPABILITIES + ";includeendstreamaction=true"):
        assert_refused_naming(call(profile, "POST", "checkpoint", "query", {}, capabilities), "checkpoint")
    assert_refused_naming(call(profile, "GET", "checkpoint", "metadata"), "checkpoint")
    PROVEN.check("A corrupt checkpoint: `/query` (parquet, and delta with `includeendstreamaction`) and `/metadata` "
                 "refused before the first line, naming the table.")


def remove_the_log_before_the_last_two_commits(table: pathlib.Path) -> None:
    log = table / "_delta_log"
    for checkpoint in log.glob("*.checkpoint.parquet"):
        checkpoint.unlink()
    for commit in log.glob("0000000000000000000[0-3].json"):
        commit.unlink()


# A whole-snapshot answer of a cached snapshot replays the lines rendered by the first one and reads no
# log; a query with a hint plans the snapshot's files again, so it is the one that meets the damage.
HINTED = {"limitHint": 1_000_000_000}


def test_a_stream_that_fails_after_its_first_line_ends_with_the_failure_where_the_client_asked(damaged, server):
    tables, profile = damaged
    capabilities = "responseformat=parquet;includeendstreamaction=true"
    first = call(profile, "POST", "told", "query", {}, capabilities)  # the snapshot is cached now
    assert first.status_code == 200
    seen = len(audit_lines(server, "told", 1))
    remove_the_log_before_the_last_two_commits(tables["told"])
    # The version as it was stays readable from its rendered lines: every file, no error.
    whole = call(profile, "POST", "told", "query", {}, capabilities)
    assert whole.status_code == 200
    assert len(whole.text.splitlines()) == len(first.text.splitlines()), whole.text[-300:]
    assert "errorMessage" not in json.loads(whole.text.splitlines()[-1])["endStreamAction"], whole.text[-300:]
    seen += 1
    answer = call(profile, "POST", "told", "query", HINTED, capabilities)
    assert answer.status_code == 200, answer.text[:500]
    lines = [json.loads(line) for line in answer.text.splitlines()]
    assert "protocol" in lines[0] and "metaData" in lines[1], lines[:2]
    end = lines[-1]["endStreamAction"]
    assert "'told'" in end["errorMessage"] and "lakeshare://" not in end["errorMessage"], end
    assert audit_lines(server, "told", seen + 1)[-1]["result"] == "failed"
    # Once known, the failure comes before the first line.
    assert_refused_naming(call(profile, "POST", "told", "query", {}, capabilities), "told")
    PROVEN.check(f"Log files removed under a cached snapshot, client asked for `endStreamAction`: the whole snapshot "
                 "still reads from its rendered lines; a query that plans the files again is a 200 of "
                 f"{len(lines)} lines ending with the failure naming the table (no storage location), audited "
                 "`failed`; the next request is refused before its first line.")


def test_a_stream_that_fails_after_its_first_line_is_cut_where_the_client_did_not_ask(damaged, server):
    tables, profile = damaged
    assert call(profile, "POST", "cut", "query", {}).status_code == 200
    seen = len(audit_lines(server, "cut", 1))
    remove_the_log_before_the_last_two_commits(tables["cut"])
    with pytest.raises(requests.exceptions.ChunkedEncodingError):
        # Never a 200 that looks complete: the client sees the transfer fail.
        call(profile, "POST", "cut", "query", HINTED)
    assert audit_lines(server, "cut", seen + 1)[-1]["result"] == "failed"
    assert_refused_naming(call(profile, "POST", "cut", "query", {}), "cut")
    assert audit_lines(server, "cut", seen + 2)[-1]["result"] == "refused"
    PROVEN.check("The same failure where the client did not ask for `endStreamAction`: the chunked transfer is cut "
                 "(never a 200 that looks complete), audited `failed`; the next request is refused and audited `refused`.")


def test_a_change_feed_over_a_corrupt_commit_is_refused_before_the_first_line(damaged, server):
    tables, profile = damaged
    assert call(profile, "GET", "feed", "changes", params={"startingVersion": 1}).status_code == 200
    corrupt(tables["feed"] / "_delta_log" / "00000000000000000004.json")
    response = call(profile, "GET", "feed", "changes", params={"startingVersion": 1})
    assert_refused_naming(response, "feed")
    PROVEN.check("`/changes` over a corrupt commit: refused before the first line, naming the table (before: 500).")


def test_share_info_and_readiness_name_the_damaged_tables(damaged, server):
    tables, profile = damaged
    call(profile, "GET", "commit", "metadata")
    info = {t["name"]: t["location"] for t in server.cli_json("share", "info", "damaged")["tables"]}
    assert "damaged" in info["commit"]["detail"] or "cannot be read" in info["commit"]["detail"], info["commit"]
    ready = server.health("ready")
    assert ready["status"] == "UP", "a damaged table is the owner's to repair; it never takes a replica out of service"
    check = next(c for c in ready["checks"] if c["name"] == "tables")
    assert any("commit" in key for key in check.get("data", {})), check
    PROVEN.check("`share info` marks the damaged table; readiness stays UP (the owner's to repair) and its `tables` "
                 "check names it.")
