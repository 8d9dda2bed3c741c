"""No request can write a line of its own into the server's log: URL-encoded CR/LF, LF, ESC, NEL and
the Unicode line separators in a path, in query parameters, in header values and in admin request
bodies, with and without a token, end up escaped inside the line that quotes them — never at the
start of a line, a forged audit line included — and every audit line is one JSON object. Read from
the packaged server's real log, split the way any reader might split it (Python's splitlines
breaks at every one of those characters)."""
import http.client
import json
import re
import time
import urllib.parse

import pytest

import reliability

MARK = "FORGED-7f3a"
# What a forger would like to see in the audit log: an admin change that never happened.
PAYLOAD = MARK + ' {"time":"2026-01-01T00:00:00Z","actor":"admin","action":"DELETE /api/admin/v1/shares/all","status":204,"result":"ok"}'
SEPARATORS = {"crlf": "%0d%0a", "lf": "%0a", "cr": "%0d", "esc": "%1b%5b2K%0d", "ls": "%E2%80%A8", "ps": "%E2%80%A9",
              "nel": "%C2%85", "vt": "%0b", "ff": "%0c"}
RAW = {"esc": "\x1b[2K", "nel": "\x85", "c1": "\x9b"}
LOG_LINE_START = re.compile(r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2},\d{3} (TRACE|DEBUG|INFO |WARN |ERROR|FATAL) ")
PROVEN = reliability.Section("log-injection", "Log injection: no request writes a line of its own")
AUDIT_KEYS = {"time", "actor", "status", "result", "durationMs"}


def injected(separator: str) -> str:
    return "x" + separator + urllib.parse.quote(PAYLOAD, safe="")


def send(server, method, path, headers=None, body=None):
    url = urllib.parse.urlsplit(server.url)
    connection = http.client.HTTPConnection(url.hostname, url.port, timeout=30)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


@pytest.fixture(scope="module")
def recipient(server, tmp_path_factory):
    server.cli("share", "create", "injected", "default", "employees:delta:demo:employees/")
    profile = json.loads(server.profile("injected", tmp_path_factory.mktemp("injected")).read_text())
    return {"Authorization": "Bearer " + profile["bearerToken"]}


@pytest.fixture(scope="module")
def admin(server):
    return {"Authorization": "Bearer " + (server.data_dir / "admin-token").read_text().strip(),
            "Content-Type": "application/json"}


@pytest.fixture(scope="module")
def attacked(server, recipient, admin):
    """Sends every injection; returns the number of requests and their statuses."""
    statuses = []
    sharing = "/_delta-sharing/v1"
    table = sharing + "/shares/injected/schemas/default/tables/employees"
    for name, sep in SEPARATORS.items():
        value = injected(sep)
        requests_ = [
            # Paths, without a token and with one.
            ("GET", f"{sharing}/shares/{value}", {}, None),
            ("GET", f"{sharing}/shares/{value}/schemas", recipient, None),
            ("GET", f"{sharing}/shares/injected/schemas/{value}/tables", recipient, None),
            ("POST", f"{sharing}/shares/injected/schemas/default/tables/{value}/query", {**recipient, "Content-Type": "application/json"}, b"{}"),
            ("GET", f"/_lakeshare/v1/files/{value}?e=1&r=2&X-Amz-Signature=3", {}, None),
            ("GET", f"/api/admin/v1/shares/{value}", admin, None),
            ("DELETE", f"/api/admin/v1/tokens/{value}", admin, None),
            ("GET", f"/{value}", {}, None),
            # Query parameters.
            ("GET", f"{sharing}/shares?maxResults={value}", recipient, None),
            ("GET", f"{sharing}/shares?pageToken={value}", recipient, None),
            ("GET", f"{table}/version?startingTimestamp={value}", recipient, None),
            ("GET", f"{table}/metadata?version={value}", recipient, None),
            ("GET", f"{table}/changes?startingVersion=0&endingTimestamp={value}", recipient, None),
            ("GET", f"/api/admin/v1/tokens?share={value}", admin, None),
        ]
        decoded = urllib.parse.unquote(value)
        body_value = json.dumps(decoded)
        requests_ += [
            # Admin request bodies whose values are quoted in the error that is logged.
            ("POST", "/api/admin/v1/shares", admin,
             ('{"name":"injected2","schema":"default","tables":[' + json.dumps("t:delta:demo:" + decoded) + ',' + body_value + ']}').encode()),
            ("POST", "/api/admin/v1/tokens", admin, ('{"share":"injected","expiresIn":' + body_value + '}').encode()),
            ("POST", table + "/query", {**recipient, "Content-Type": "application/json"}, ('{"timestamp":' + body_value + '}').encode()),
            ("POST", table + "/query", {**recipient, "Content-Type": "application/json"}, ('{"version":' + body_value + '}').encode()),
        ]
        for method, path, headers, body in requests_:
            statuses.append(send(server, method, path, headers, body)[0])
    # Header values: raw control characters (HTTP cannot carry CR/LF in a value), without a token and with one.
    for name, raw in RAW.items():
        value = "x" + raw + PAYLOAD
        for headers in ({"Authorization": "Bearer " + value}, {**recipient, "delta-sharing-capabilities": "responseformat=" + value},
                        {**recipient, "User-Agent": value, "X-Forwarded-For": value, "Range": "bytes=" + value}):
            statuses.append(send(server, "GET", f"{sharing}/shares", {k: v.encode("latin-1") for k, v in headers.items()})[0])
            statuses.append(send(server, "GET", f"{table}/version", {k: v.encode("latin-1") for k, v in headers.items()})[0])
    time.sleep(1)  # audit lines are written just after each response
    return statuses


def log_lines(server):
    return server.log.read_text(encoding="utf-8", errors="strict").splitlines()


def test_no_injected_value_starts_a_line_of_its_own(server, attacked):
    assert all(status < 500 for status in attacked), attacked
    lines = log_lines(server)
    quoting = [line for line in lines if MARK in line]
    for line in quoting:
        assert LOG_LINE_START.match(line), "a line begins with injected text: " + repr(line[:200])
    # Not vacuous: the injected values were logged (escaped) by the lines that quote them.
    assert len(quoting) >= 5 * len(SEPARATORS), len(quoting)
    for escaped in ("\\r\\n" + MARK, "\\n" + MARK, "\\u2028" + MARK, "\\u2029" + MARK, "\\u0085" + MARK, "\\u001b[2K"):
        assert any(escaped in line for line in quoting), escaped
    PROVEN.check(f"{len(attacked)} requests carrying {len(SEPARATORS)} URL-encoded line breaks "
                 f"and controls (CR/LF, LF, CR, ESC, NEL, U+2028, U+2029, VT, FF) in paths, parameters and admin "
                 f"bodies and {len(RAW)} raw controls in header values, with and without a token: 0 5xx; "
                 f"{len(quoting)} log lines quote the payload, every one escaped inside a line of the log's own "
                 "format (before: a URL-encoded CR/LF wrote a forged line, a fake audit line included).")


def test_every_audit_line_is_one_json_object(server, attacked):
    audit = [line for line in log_lines(server) if "[la.audit]" in line]
    assert len(audit) > len(SEPARATORS), "the admin changes and table accesses of the attack are audited"
    for line in audit:
        assert LOG_LINE_START.match(line), line
        record = json.loads(line[line.index(") {") + 2:])
        assert AUDIT_KEYS <= set(record), record
        assert record["actor"] in ("admin", "recipient"), record
        if record["actor"] == "admin":
            # Every admin call but a read is audited, refused ones (a PUT, 405) too.
            assert record["action"].split(" ")[0] != "GET", record
    forged = [line for line in audit if '"action":"DELETE /api/admin/v1/shares/all"' in line]
    assert forged == [], forged
    PROVEN.check(f"{len(audit)} audit lines written during the attack: each one JSON object "
                 "from a writer with the audit's keys; 0 forged audit lines.")
