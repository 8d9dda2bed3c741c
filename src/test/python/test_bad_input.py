"""Hostile input: hundreds of malformed requests across every recipient endpoint, the server's signed
file URLs and the admin API — wrong methods, missing, garbage and oversized bodies, JSON of the wrong
types, bad and oversized query parameters and headers, bad tokens, names that look like traversal,
control characters, extreme numbers and times, unicode — against the packaged server with MinIO.
None is answered with a 5xx, every error body is the protocol's {"errorCode","message"} without the
server's Java names, and afterwards the server is healthy and has lost nothing: the share and token
made before still work."""
import base64
import collections
import json
import re
import socket
import time
import urllib.parse

import pytest

import reliability

SHARING = "/_delta-sharing/v1"
ICEBERG = "/iceberg"
# Requests that are not HTTP (RFC 9110): a Content-Length that is no number, control characters in a
# header value. The HTTP codec refuses them, as it must (they are how requests are smuggled), before
# any handler of the server runs, with a bare 400; Quarkus offers no hook to answer them otherwise.
NOT_HTTP = "not HTTP (refused by the codec)"
JAVA_NAME = re.compile(r"\b(java|javax|jakarta|io\.lakeshare|io\.vertx|io\.quarkus|io\.netty|com\.fasterxml|org\.jboss|"
                       r"org\.hibernate|org\.h2|org\.postgresql)\.|Exception\b|\$[A-Z]")


class Answer:
    def __init__(self, status: int, headers: dict, body: bytes):
        self.status, self.headers, self.body = status, headers, body


def exchange(server, head: bytes, body: bytes = b"", chunks=None, timeout: float = 30) -> Answer:
    """One request written by hand (no client library would send most of these), on its own connection."""
    url = urllib.parse.urlsplit(server.url)
    with socket.create_connection((url.hostname, url.port), timeout=timeout) as s:
        try:
            s.sendall(head)
            if chunks is not None:
                for chunk in chunks:
                    s.sendall(b"%x\r\n%s\r\n" % (len(chunk), chunk))
                s.sendall(b"0\r\n\r\n")
            elif body:
                s.sendall(body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the server answered before reading all of it (a body over its limit): read that answer
        data = b""
        try:
            while True:
                part = s.recv(65536)
                if not part:
                    break
                data += part
        except (ConnectionResetError, socket.timeout):
            pass
    if not data:
        raise AssertionError(f"no answer to {head[:200]!r}")
    head_end = data.index(b"\r\n\r\n")
    lines = data[:head_end].decode("iso-8859-1").split("\r\n")
    status = int(lines[0].split(" ")[1])
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    rest = data[head_end + 4:]
    if headers.get("transfer-encoding", "").lower() == "chunked":
        body, pos = b"", 0
        while True:
            line_end = rest.index(b"\r\n", pos)
            size = int(rest[pos:line_end].split(b";")[0], 16)
            if size == 0:
                break
            body += rest[line_end + 2:line_end + 2 + size]
            pos = line_end + 2 + size + 2
        rest = body
    elif "content-length" in headers:
        rest = rest[:int(headers["content-length"])]
    return Answer(status, headers, rest)


def request(server, method: str, target: str, headers=None, body=None, chunks=None) -> Answer:
    """target is sent as is: already encoded (or deliberately not). A 429 is waited out as its Retry-After
    asks and the request sent again, as a well-behaved client does: hundreds of requests on one token
    outrun its rate limit on a fast machine, and a request refused for its rate never reaches the
    handler whose answer is under test."""
    for _ in range(10):
        answer = send_once(server, method, target, headers, body, chunks)
        if answer.status != 429 or "retry-after" not in answer.headers:
            return answer
        time.sleep(float(answer.headers["retry-after"]))
    return answer


def send_once(server, method: str, target: str, headers=None, body=None, chunks=None) -> Answer:
    headers = dict(headers or {})
    data = body.encode("utf-8") if isinstance(body, str) else (body or b"")
    lines = [f"{method} {target} HTTP/1.1", "Host: 127.0.0.1", "Connection: close"]
    if chunks is not None:
        lines.append("Transfer-Encoding: chunked")
    elif data or method in ("POST", "PATCH", "PUT"):
        lines.append(f"Content-Length: {headers.pop('Content-Length', len(data))}")
    lines += [f"{k}: {v}" for k, v in headers.items()]
    head = ("\r\n".join(lines) + "\r\n\r\n").encode("utf-8")
    # A body over the limit is refused by its Content-Length before it is read.
    if len(data) > 2_000_000:
        return exchange(server, head, b"")
    return exchange(server, head, data, chunks)


# The OAuth2 token endpoint answers its own refusals in RFC 6749's shape; what the HTTP layer refuses
# before it (a body over the limit, a flood) keeps the protocol's.
OAUTH = "token endpoint"


def is_shape(error, code: str, message: str) -> bool:
    return (isinstance(error, dict) and set(error) == {code, message}
            and isinstance(error[code], str) and isinstance(error[message], str))


class Matrix:
    """Every request sent, its class and what came back; the checks are made on each answer."""

    def __init__(self, server):
        self.server = server
        self.seen = collections.defaultdict(list)
        self.failures = []

    def send(self, kind: str, method: str, target: str, headers=None, body=None, chunks=None) -> Answer:
        answer = request(self.server, method, target, headers, body, chunks)
        self.seen[kind].append(answer.status)
        what = f"[{kind}] {method} {target[:120]} -> {answer.status} {answer.body[:300]!r}"
        if kind == NOT_HTTP:
            # Refused by the HTTP codec before any handler: a bare 400 and the connection closed.
            if answer.status != 400:
                self.failures.append("not a 400: " + what)
            return answer
        if answer.status >= 500:
            self.failures.append("5xx: " + what)
        elif answer.status >= 400 and method != "HEAD" and target.startswith(ICEBERG + "/"):
            # The Iceberg REST catalog answers in Iceberg's error model.
            try:
                error = json.loads(answer.body)
            except ValueError:
                self.failures.append("not JSON: " + what)
                return answer
            inner = error.get("error") if isinstance(error, dict) else None
            if not (set(error) == {"error"} and isinstance(inner, dict) and set(inner) == {"message", "type", "code"}
                    and inner["code"] == answer.status and isinstance(inner["type"], str)
                    and isinstance(inner["message"], str)):
                self.failures.append("not Iceberg's error shape: " + what)
            elif JAVA_NAME.search(inner["message"]):
                self.failures.append("Java name in the message: " + what)
        elif answer.status >= 400 and method != "HEAD":
            try:
                error = json.loads(answer.body)
            except ValueError:
                self.failures.append("not JSON: " + what)
                return answer
            oauth = kind == OAUTH and is_shape(error, "error", "error_description")
            if not (oauth or is_shape(error, "errorCode", "message")):
                self.failures.append("not the protocol's shape (nor, at the token endpoint, RFC 6749's): " + what)
            elif JAVA_NAME.search(error["error_description"] if oauth else error["message"]):
                self.failures.append("Java name in the message: " + what)
        return answer

    def count(self) -> int:
        return sum(len(v) for v in self.seen.values())


@pytest.fixture(scope="module")
def setup(server, proxied_table, tmp_path_factory):
    server.cli("share", "create", "steady", "default", "employees:delta:demo:employees/",
               "words:delta:proxied:words/")
    # Opened to directory access: its temporary-credentials calls get past the access check to the body's location.
    server.cli("share", "update", "steady", "--access", "default/words=dir")
    profile = json.loads(server.profile("steady", tmp_path_factory.mktemp("steady")).read_text())
    admin = (server.data_dir / "admin-token").read_text().strip()
    return {"token": profile["bearerToken"], "admin": admin}


def recipient_calls(token: str):
    """Every recipient endpoint: (method, path, takes a body)."""
    t = f"{SHARING}/shares/steady/schemas/default/tables/employees"
    return [("GET", f"{SHARING}/shares", False), ("GET", f"{SHARING}/shares/steady", False),
            ("GET", f"{SHARING}/shares/steady/schemas", False),
            ("GET", f"{SHARING}/shares/steady/schemas/default/tables", False),
            ("GET", f"{SHARING}/shares/steady/all-tables", False), ("GET", f"{t}/version", False),
            ("HEAD", t, False), ("GET", f"{t}/metadata", False), ("POST", f"{t}/query", True),
            ("GET", f"{t}/changes?startingVersion=0", False),
            ("POST", f"{t}/queries/00000000-0000-0000-0000-000000000000", True),
            ("POST", f"{t}/temporary-table-credentials", True),
            ("POST", f"{SHARING}/shares/steady/schemas/default/tables/words/temporary-table-credentials", True)]


def file_url(server, token: str) -> str:
    answer = request(server, "POST", f"{SHARING}/shares/steady/schemas/default/tables/words/query",
                     {"Authorization": "Bearer " + token, "Content-Type": "application/json"}, "{}")
    assert answer.status == 200, answer.body
    for line in answer.body.decode().splitlines():
        if '"file"' in line:
            url = json.loads(line)["file"]["url"]
            assert "/_lakeshare/v1/files/" in url, "the proxied bucket serves files through the server"
            parts = urllib.parse.urlsplit(url)
            return parts.path + "?" + parts.query
    raise AssertionError("the table has no file line")


def test_hostile_input_gets_no_5xx_and_every_error_in_the_protocols_shape(server, setup):
    m = Matrix(server)
    token, admin_token = setup["token"], setup["admin"]
    auth = {"Authorization": "Bearer " + token}
    admin = {"Authorization": "Bearer " + admin_token}
    json_type = {"Content-Type": "application/json"}
    t = f"{SHARING}/shares/steady/schemas/default/tables/employees"
    calls = recipient_calls(token)
    admin_calls = [("GET", "/api/admin/v1/shares"), ("POST", "/api/admin/v1/shares"),
                   ("GET", "/api/admin/v1/shares/steady"), ("PATCH", "/api/admin/v1/shares/nothing-here"),
                   ("DELETE", "/api/admin/v1/shares/nothing-here"), ("POST", "/api/admin/v1/tokens"),
                   ("GET", "/api/admin/v1/tokens?share=steady"),
                   ("DELETE", "/api/admin/v1/tokens/00000000-0000-0000-0000-000000000000"),
                   ("POST", "/api/admin/v1/tokens/00000000-0000-0000-0000-000000000000/rotate"),
                   ("GET", "/api/admin/v1/tokens?recipient=nothing-here"),
                   ("GET", "/api/admin/v1/recipients"), ("POST", "/api/admin/v1/recipients"),
                   ("GET", "/api/admin/v1/recipients/nothing-here"),
                   ("PATCH", "/api/admin/v1/recipients/nothing-here"),
                   ("DELETE", "/api/admin/v1/recipients/nothing-here"),
                   ("POST", "/api/admin/v1/shares/steady/recipients"),
                   ("DELETE", "/api/admin/v1/shares/steady/recipients/nothing-here")]

    # Wrong methods, on every endpoint.
    for method, path, _ in calls:
        for wrong in ("PUT", "DELETE", "PATCH", "POST" if method != "POST" else "GET", "TRACE"):
            m.send("wrong method", wrong, path, {**auth, **json_type}, "{}" if wrong in ("PUT", "PATCH", "POST") else None)
    for method, path in admin_calls:
        for wrong in ("PUT", "TRACE"):
            m.send("wrong method", wrong, path, {**admin, **json_type}, "{}" if wrong == "PUT" else None)

    # Bad tokens, on every recipient endpoint and the admin API.
    bad_tokens = [None, "", "Bearer", "Bearer ", "Basic dXNlcjpwYXNz", "Bearer dapi", "Bearer " + "dapi" + "0" * 64,
                  "Bearer " + token[:-1], "Bearer " + token + "x", "Bearer " + "x" * 5000, "bearer " + admin_token,
                  "Bearer \u00e9\u00e8"]
    for method, path, with_body in calls:
        for bad in bad_tokens:
            headers = {**json_type, **({"Authorization": bad} if bad is not None else {})}
            m.send("bad token", method, path, headers, "{}" if with_body else None)
    for method, path in admin_calls:
        for bad in (None, "Bearer " + token, "Bearer wrong-admin-token-xxxxxxxx", "Bearer"):
            headers = {**json_type, **({"Authorization": bad} if bad is not None else {})}
            m.send("bad token", method, path, headers, "{}" if method in ("POST", "PATCH") else None)

    # Bodies: missing, garbage, truncated, of the wrong JSON types.
    garbage = ["", "not json", "{", "{\"version\":", "[]", "[1,2]", "\"text\"", "42", "null", "{\"a\":1}}",
               "\x00\x01\x02", "\ufeff{}", "{" * 5000 + "}" * 5000, "[" * 100000]
    wrong_types = [{"limitHint": "abc"}, {"limitHint": 99999999999999999999999}, {"limitHint": 1e400},
                   {"limitHint": -1}, {"limitHint": [1]}, {"version": {}}, {"version": -1}, {"version": 1.5},
                   {"version": 2 ** 63}, {"timestamp": 12}, {"timestamp": {"a": 1}}, {"startingVersion": "x"},
                   {"startingVersion": 0, "endingVersion": -5}, {"maxFiles": 0}, {"maxFiles": -1},
                   {"maxFiles": 2 ** 31}, {"maxFiles": "many"}, {"predicateHints": "x"}, {"predicateHints": [1, {}]},
                   {"jsonPredicateHints": {"op": "and"}}, {"jsonPredicateHints": "{not json"},
                   {"jsonPredicateHints": json.dumps({"op": "not", "children": []})},
                   {"includeRefreshToken": "yes"}, {"includeRefreshToken": True, "version": 0},
                   {"pageToken": "garbage"}, {"pageToken": 5}, {"refreshToken": "garbage"},
                   {"idempotencyKey": 5}, {"version": 0, "timestamp": "2024-01-01T00:00:00Z"}]
    for body in garbage:
        m.send("bad JSON", "POST", f"{t}/query", {**auth, **json_type}, body)
        m.send("bad JSON", "POST", "/api/admin/v1/shares", {**admin, **json_type}, body)
        m.send("bad JSON", "PATCH", "/api/admin/v1/shares/steady", {**admin, **json_type}, body)
        m.send("bad JSON", "POST", "/api/admin/v1/tokens", {**admin, **json_type}, body)
        m.send("bad JSON", "POST", "/api/admin/v1/recipients", {**admin, **json_type}, body)
        m.send("bad JSON", "PATCH", "/api/admin/v1/recipients/nothing-here", {**admin, **json_type}, body)
        m.send("bad JSON", "POST", "/api/admin/v1/shares/steady/recipients", {**admin, **json_type}, body)
        m.send("bad JSON", "POST", "/api/admin/v1/tokens/00000000-0000-0000-0000-000000000000/rotate",
               {**admin, **json_type}, body)
    # Directory access: bodies of every shape, on a table opened to it and on one that is not.
    dir_table = f"{SHARING}/shares/steady/schemas/default/tables/words/temporary-table-credentials"
    for path in (dir_table, f"{t}/temporary-table-credentials"):
        for body in garbage:
            m.send("bad JSON", "POST", path, {**auth, **json_type}, body)
        for body in ({"location": 5}, {"location": []}, {"location": {"a": 1}}, {"location": None}, {"location": ""},
                     {"location": "s3://proxied/other"}, {"location": "s3://proxied/words/../x"},
                     {"location": "file:///etc/passwd"}, {"location": "s3://" + "b" * 5000},
                     {"location": "s3://proxied/words\u0000"}, {"location": True}, {"location": 1e400}):
            m.send("bad JSON types", "POST", path, {**auth, **json_type}, json.dumps(body))
        for ctype in ("text/plain", "application/xml", "application/x-www-form-urlencoded", "garbage/\u00ff"):
            m.send("bad JSON", "POST", path, {**auth, "Content-Type": ctype}, "a=1")
        m.send("oversized", "POST", path, {**auth, **json_type}, json.dumps({"location": "s3://x/" + "p" * 2_100_000}))
    for body in wrong_types:
        m.send("bad JSON types", "POST", f"{t}/query", {**auth, **json_type}, json.dumps(body))
        m.send("bad JSON types", "POST", f"{t}/query",
               {**auth, **json_type, "delta-sharing-capabilities": "asyncquery=true"}, json.dumps(body))
    for body in [{"name": 5, "schema": "s"}, {"name": "x", "schema": ["s"]}, {"name": "x", "schema": "s", "tables": "t"},
                 {"name": "x", "schema": "s", "tables": [1, 2]}, {"name": "x", "schema": "s", "tables": [{"a": 1}]},
                 {"name": "x", "schema": "s", "description": {"a": 1}}, {"name": None, "schema": None}, {},
                 {"name": "x"}, {"name": "x", "schema": "s", "tables": ["a:b"]},
                 {"name": "x", "schema": "s", "tables": ["t:parquet:demo:p/"]}]:
        m.send("bad JSON types", "POST", "/api/admin/v1/shares", {**admin, **json_type}, json.dumps(body))
    for body in [{"add": "x"}, {"remove": [5]}, {"history": "on"}, {"history": ["default/employees=maybe"]},
                 {"history": ["default/employees=on@99999999999999999999"]}, {"history": ["default/employees=off@3"]},
                 {"description": 5}, {"add": ["a:b:c"]}, {"remove": ["no/such"]}, {"remove": ["bad"]},
                 {"access": "dir"}, {"access": [5]}, {"access": ["default/employees=all"]}, {"access": ["no/such=dir"]},
                 {"access": ["default/employees"]}, {"access": ["default/employees=dir" * 1000]}]:
        m.send("bad JSON types", "PATCH", "/api/admin/v1/shares/steady", {**admin, **json_type}, json.dumps(body))
    for body in [{"share": 5}, {"share": ["steady"]}, {"share": "steady", "expiresIn": 5},
                 {"share": "steady", "expiresIn": "forever"}, {"share": "steady", "expiresIn": "0s"},
                 {"share": "steady", "expiresIn": "999999999w"}, {"share": "steady", "expiresIn": "-1d"},
                 {"share": "steady", "description": ["x"]}, {"share": ""}, {"share": "no-such-share"}]:
        m.send("bad JSON types", "POST", "/api/admin/v1/tokens", {**admin, **json_type}, json.dumps(body))
    for body in [{"name": 5}, {"name": ["r"]}, {"name": None}, {}, {"name": "x y"}, {"name": "r", "properties": "p"},
                 {"name": "r", "properties": {"k": None}}, {"name": "r", "properties": {"k": [1]}},
                 {"name": "r", "properties": {"bad key": "v"}}, {"name": "r", "properties": {"k": "v" * 1025}},
                 {"name": "r", "description": {"a": 1}}, {"name": "r", "description": "d" * 4097}]:
        m.send("bad JSON types", "POST", "/api/admin/v1/recipients", {**admin, **json_type}, json.dumps(body))
    for body in [{"recipient": 5}, {"recipient": None}, {"recipient": ["r"]}, {"recipient": "no-such-recipient"}]:
        m.send("bad JSON types", "POST", "/api/admin/v1/shares/steady/recipients", {**admin, **json_type},
               json.dumps(body))
    for body in [{"recipient": "no-such-recipient"}, {"recipient": 5}, {"share": "steady", "recipient": "r"},
                 {"recipient": ""}]:
        m.send("bad JSON types", "POST", "/api/admin/v1/tokens", {**admin, **json_type}, json.dumps(body))
    for body in [{"grace": 5}, {"grace": "soon"}, {"grace": "-1h"}, {"grace": "999999999w"}, {"grace": ["1h"]}]:
        m.send("bad JSON types", "POST", "/api/admin/v1/tokens/00000000-0000-0000-0000-000000000000/rotate",
               {**admin, **json_type}, json.dumps(body))
    m.send("bad JSON types", "POST", "/api/admin/v1/tokens/not-a-uuid/rotate", {**admin, **json_type}, "{}")
    for ctype in ("text/plain", "application/xml", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x",
                  "application/json; charset=ebcdic", "garbage/\u00ff"):
        m.send("bad JSON", "POST", f"{t}/query", {**auth, "Content-Type": ctype}, "a=1")
        m.send("bad JSON", "POST", "/api/admin/v1/shares", {**admin, "Content-Type": ctype}, "a=1")

    # Oversized: bodies, single fields, URIs, headers.
    big = json.dumps({"jsonPredicateHints": "a" * 2_100_000})
    m.send("oversized", "POST", f"{t}/query", {**auth, **json_type}, big)
    m.send("oversized", "POST", "/api/admin/v1/shares", {**admin, **json_type}, json.dumps({"description": "d" * 5_000_000}))
    m.send("oversized", "POST", f"{t}/query", {**auth, **json_type}, chunks=[b"[" + b"1," * 40000] * 20)
    m.send(NOT_HTTP, "POST", f"{t}/query", {**auth, **json_type, "Content-Length": "99999999999999999999"})
    m.send(NOT_HTTP, "POST", f"{t}/query", {**auth, **json_type, "Content-Length": "abc"})
    for field, size in (("jsonPredicateHints", 70000), ("idempotencyKey", 300), ("pageToken", 5000),
                        ("refreshToken", 5000), ("timestamp", 100)):
        m.send("oversized", "POST", f"{t}/query", {**auth, **json_type}, json.dumps({field: "x" * size}))
    m.send("oversized", "POST", f"{t}/query", {**auth, **json_type}, json.dumps({"predicateHints": ["a = 1"] * 1001}))
    m.send("oversized", "POST", f"{t}/query", {**auth, **json_type}, json.dumps({"predicateHints": ["a" * 5000]}))
    m.send("oversized", "POST", f"{t}/query", {**auth, **json_type, "delta-sharing-capabilities": "asyncquery=true"},
           json.dumps({"jsonPredicateHints": "\u0001" * 30000}))
    for body in ({"name": "n" * 256, "schema": "s"}, {"name": "x", "schema": "s" * 300},
                 {"name": "x", "schema": "s", "description": "d" * 4097},
                 {"name": "x", "schema": "s", "tables": ["t" * 300 + ":delta:demo:p/"]},
                 {"name": "x", "schema": "s", "tables": ["t:delta:" + "b" * 64 + ":p/"]},
                 {"name": "x", "schema": "s", "tables": ["t:delta:demo:" + "p/" * 600]},
                 {"name": "x", "schema": "s", "tables": ["t:iceberg-rest:" + "w" * 64 + ":ns:t"]},
                 {"name": "x", "schema": "s", "tables": ["t:iceberg-rest:w:" + "n." * 600 + "n:t"]}):
        m.send("oversized", "POST", "/api/admin/v1/shares", {**admin, **json_type}, json.dumps(body))
    m.send("oversized", "PATCH", "/api/admin/v1/shares/steady", {**admin, **json_type}, json.dumps({"description": "d" * 4097}))
    m.send("oversized", "POST", "/api/admin/v1/tokens", {**admin, **json_type},
           json.dumps({"share": "steady", "description": "d" * 1025}))
    for method, path, _ in calls:
        m.send("oversized", method, path + ("&" if "?" in path else "?") + "x=" + "a" * 9000, auth)
        m.send("oversized", method, path, {**auth, "X-Padding": "p" * 20000})
    m.send("oversized", "GET", f"{SHARING}/shares", {**auth, **{f"X-H{i}": "v" * 100 for i in range(200)}})
    m.send("oversized", "GET", f"{SHARING}/shares/" + "s" * 8000, auth)
    m.send("oversized", "GET", "/api/admin/v1/shares/" + "s" * 8000, admin)

    # Query parameters: bad, extreme, repeated.
    for q in ("maxResults=-1", "maxResults=0", "maxResults=abc", "maxResults=99999999999999999999", "maxResults=1e3",
              "maxResults=", "pageToken=garbage", "pageToken=", "pageToken=" + "A" * 4000, "maxResults=1&maxResults=2",
              "pageToken=%00", "maxResults=%20", "maxResults=\u00b2"):
        for path in (f"{SHARING}/shares", f"{SHARING}/shares/steady/schemas", f"{SHARING}/shares/steady/all-tables",
                     f"{SHARING}/shares/steady/schemas/default/tables"):
            m.send("bad query params", "GET", path + "?" + urllib.parse.quote(q, safe="=&%"), auth)
    for q in ("version=-1", "version=abc", "version=99999999999999999999", "version=9223372036854775807",
              "timestamp=yesterday", "timestamp=", "version=1&timestamp=2024-01-01T00:00:00Z", "version=%20"):
        m.send("bad query params", "GET", f"{t}/metadata?" + q, auth)
    for q in ("", "startingVersion=-1", "startingVersion=abc", "startingVersion=99999999999999999999",
              "startingVersion=9223372036854775807", "startingVersion=0&endingVersion=-1",
              "startingVersion=5&endingVersion=1", "startingVersion=0&startingTimestamp=2024-01-01T00:00:00Z",
              "startingVersion=0&endingVersion=1&endingTimestamp=2024-01-01T00:00:00Z", "startingVersion=0&maxFiles=0",
              "startingVersion=0&maxFiles=abc", "startingVersion=0&maxFiles=99999999999", "startingVersion=0&pageToken=x",
              "startingTimestamp=garbage", "startingVersion=0&includeHistoricalMetadata=maybe"):
        m.send("bad query params", "GET", f"{t}/changes?" + q, auth)
    for q in ("startingTimestamp=garbage", "startingTimestamp=", "startingTimestamp=2024-13-45T99:99:99Z"):
        m.send("bad query params", "GET", f"{t}/version?" + q, auth)
    for header, value in (("delta-sharing-capabilities", "responseformat=unknown"),
                          ("delta-sharing-capabilities", "=;=;,,,"), ("delta-sharing-capabilities", "x" * 8000),
                          ("delta-sharing-capabilities", "asyncquery=true;asyncquery=false"),
                          ("delta-sharing-capabilities", "readerfeatures=" + ",".join(["f"] * 1000)),
                          ("fileidhash", "sha512"), ("fileidhash", ""), ("Accept", "image/png"),
                          ("Accept-Encoding", "br;q=2,identity;q=0"), ("Content-Type", "application/json")):
        m.send("bad headers", "POST", f"{t}/query", {**auth, **json_type, header: value}, "{}")
        m.send("bad headers", "GET", f"{t}/metadata", {**auth, header: value})
    for queryid in ("not-a-uuid", "00000000-0000-0000-0000-00000000000g", "%2e%2e", "x" * 1000,
                    "00000000-0000-0000-0000-000000000000"):
        m.send("bad query params", "POST", f"{t}/queries/{queryid}", {**auth, **json_type}, "{}")
        m.send("bad query params", "POST", f"{t}/queries/{queryid}", {**auth, **json_type}, json.dumps({"maxFiles": -1}))

    # Malformed URLs and names that look like traversal, in recipient and admin paths.
    for bad in ("%zz", "%", "%0", "%g1", "a%", "%%", "%2", "%ZZ%zz"):
        m.send("malformed URL", "GET", f"{SHARING}/shares/{bad}", auth)
        m.send("malformed URL", "GET", f"{SHARING}/shares?maxResults={bad}", auth)
        m.send("malformed URL", "GET", f"/api/admin/v1/shares/{bad}", admin)
        m.send("malformed URL", "GET", f"/_lakeshare/v1/files/{bad}", {})
    for raw in ("a|b", "a^b", "a{b}", "a\\b", "a`b", "a\"b", "a<b>", "a[0]", "caf\u00e9"):
        m.send("malformed URL", "GET", f"{SHARING}/shares/{raw}", auth)
    for name in ("..", "%2e%2e", "%2E%2E%2F%2E%2E%2Fetc%2Fpasswd", "..%2f..%2fetc%2fpasswd", "%2fetc%2fpasswd",
                 "..%5c..%5cwindows", ".", "~root", "%00", "steady%00", "steady%2f..", "STEADY"):
        m.send("traversal names", "GET", f"{SHARING}/shares/{name}", auth)
        m.send("traversal names", "GET", f"{SHARING}/shares/steady/schemas/{name}/tables", auth)
        m.send("traversal names", "GET", f"{SHARING}/shares/steady/schemas/default/tables/{name}/metadata", auth)
        m.send("traversal names", "GET", f"/api/admin/v1/shares/{name}", admin)
        m.send("traversal names", "GET", f"/_lakeshare/v1/files/{name}?e=1&r=x&s=y", {})
    for path in ("//_delta-sharing/v1/shares", "/_delta-sharing/v1/../v1/shares", "/_delta-sharing/v1/./shares",
                 "/_delta-sharing//v1/shares", "/_delta-sharing/v1/shares/steady/../../../api/admin/v1/shares",
                 "*", "http://evil.example/_delta-sharing/v1/shares", "/_delta-sharing/v2/shares", "/"):
        m.send("traversal names", "GET", path, auth)
    for spec in ("t:delta:demo:../../etc/", "t:delta:demo:/../x", "t:delta:..:p/", "t:delta:demo:a/./b",
                 "t:delta:demo:%2e%2e/", "t:delta:demo:p\u0000/", "t:delta:demo:C:\\windows", "../t:delta:demo:p/",
                 "t:iceberg-rest:w:../ns:t", "t:delta:DEMO:p/", "t:delta:demo:p//q/"):
        m.send("traversal names", "POST", "/api/admin/v1/shares", {**admin, **json_type},
               json.dumps({"name": "trav", "schema": "s", "tables": [spec]}))
    for name in ("../x", "a/b", "a.b", "a b", " ", "", "-", "x\u202e", "\u00e9t\u00e9"):
        m.send("traversal names", "POST", "/api/admin/v1/shares", {**admin, **json_type},
               json.dumps({"name": name, "schema": "s"}))

    # Control characters: percent-encoded in paths and parameters, raw in bodies and (where HTTP allows) headers.
    for c in ("%0d%0a", "%0a", "%00", "%1b%5b2K", "%7f", "%c2%85", "%e2%80%a8", "%ef%bf%bf", "%c0%af", "%ff%fe"):
        m.send("control characters", "GET", f"{SHARING}/shares/x{c}y", auth)
        m.send("control characters", "GET", f"{t}/metadata?timestamp=x{c}", auth)
        m.send("control characters", "GET", f"/api/admin/v1/shares/x{c}", admin)
        m.send("control characters", "GET", f"/api/admin/v1/tokens?share=x{c}", admin)
    for c in ("\u0000", "\u0007", "\u001b[2K", "\r\n", "\u2028", "\U0001f600", "\u0085", "\ufffe"):
        m.send("control characters", "POST", f"{t}/query", {**auth, **json_type},
               json.dumps({"jsonPredicateHints": "x" + c, "predicateHints": ["a = '" + c + "'"], "timestamp": c}))
        m.send("control characters", "POST", "/api/admin/v1/shares", {**admin, **json_type},
               json.dumps({"name": "c" + c, "schema": "s"}))
        m.send("control characters", "POST", "/api/admin/v1/tokens", {**admin, **json_type},
               json.dumps({"share": "steady" + c}))
    for value in ("\xff", "a\tb"):
        m.send("control characters", "GET", f"{SHARING}/shares", {**auth, "X-Odd": value})
    for value in ("\x01", "\x7f", "a\x00b"):
        m.send(NOT_HTTP, "GET", f"{SHARING}/shares", {**auth, "X-Odd": value})

    # Extreme numbers and times, in every time input.
    extremes = ["+999999999-12-31T23:59:59Z", "-999999999-01-01T00:00:00Z", "+10000-01-01T00:00:00Z",
                "0000-01-01T00:00:00Z", "99999999999999999999", "-1", "1e308", "2024-02-30T00:00:00Z",
                "2024-01-01T00:00:00+25:00", "2024-01-01 00:00:00.123456789123", "\u0661\u0669\u0667\u0660-01-01T00:00:00Z"]
    for value in extremes:
        q = urllib.parse.quote(value, safe="")
        m.send("extreme times", "GET", f"{t}/version?startingTimestamp={q}", auth)
        m.send("extreme times", "HEAD", f"{t}?startingTimestamp={q}", auth)
        m.send("extreme times", "GET", f"{t}/metadata?timestamp={q}", auth)
        m.send("extreme times", "GET", f"{t}/changes?startingTimestamp={q}", auth)
        m.send("extreme times", "GET", f"{t}/changes?startingVersion=0&endingTimestamp={q}", auth)
        m.send("extreme times", "POST", f"{t}/query", {**auth, **json_type}, json.dumps({"timestamp": value}))
        m.send("extreme times", "POST", f"{t}/query", {**auth, **json_type, "delta-sharing-capabilities": "asyncquery=true"},
               json.dumps({"timestamp": value}))
    for number in ("9223372036854775807", "9223372036854775808", "-9223372036854775809", "1e400", "-0", "0x10",
                   "1" * 400):
        m.send("extreme numbers", "POST", f"{t}/query", {**auth, **json_type}, '{"limitHint": %s}' % number)
        m.send("extreme numbers", "POST", f"{t}/query", {**auth, **json_type}, '{"startingVersion": %s}' % number)
        m.send("extreme numbers", "POST", f"{t}/query", {**auth, **json_type}, '{"version": %s}' % number)
        m.send("extreme numbers", "GET", f"{t}/changes?startingVersion={number}", auth)
        m.send("extreme numbers", "GET", f"{SHARING}/shares?maxResults={number}", auth)

    # Unicode: in names, paths and bodies.
    for text in ("\u65e5\u672c", "\U0001f4a5", "e\u0301", "\uff33\uff34", "\u0627\u0644\u0639\u0631\u0628\u064a\u0629",
                 "\U0001f600" * 100, "\u200b", "\ufeff"):
        q = urllib.parse.quote(text, safe="")
        m.send("unicode", "GET", f"{SHARING}/shares/{q}", auth)
        m.send("unicode", "GET", f"{SHARING}/shares/steady/schemas/{q}/tables/{q}/version", auth)
        m.send("unicode", "POST", "/api/admin/v1/shares", {**admin, **json_type}, json.dumps({"name": text, "schema": text}))
        m.send("unicode", "POST", f"{t}/query", {**auth, **json_type},
               json.dumps({"jsonPredicateHints": json.dumps({"op": "equal", "children": [
                   {"op": "column", "name": text, "valueType": "string"},
                   {"op": "literal", "value": text, "valueType": "string"}]})}, ensure_ascii=False))
    # Predicate hints the server cannot read skip nothing; none of them fails the query.
    for hints in ({"predicateHints": ["(" * 5000 + "a = 1" + ")" * 5000]}, {"predicateHints": ["a = " + "9" * 5000]},
                  {"jsonPredicateHints": json.dumps({"op": "and", "children": [{"op": "equal"}] * 2000})},
                  {"jsonPredicateHints": '{"op":"not","children":[' * 3000 + "{}" + "]}" * 3000},
                  {"jsonPredicateHints": json.dumps({"op": "lessThan", "children": [
                      {"op": "column", "name": "id", "valueType": "long"},
                      {"op": "literal", "value": "99999999999999999999999", "valueType": "long"}]})},
                  {"jsonPredicateHints": json.dumps({"op": "equal", "children": [
                      {"op": "column", "name": "id", "valueType": "timestamp"},
                      {"op": "literal", "value": "+999999999-12-31T23:59:59Z", "valueType": "timestamp"}]})},
                  {"jsonPredicateHints": json.dumps({"op": "equal", "children": [
                      {"op": "column", "name": "id", "valueType": "date"},
                      {"op": "literal", "value": "-999999999-01-01", "valueType": "date"}]})}):
        m.send("predicate hints", "POST", f"{t}/query", {**auth, **json_type}, json.dumps(hints))

    # The OAuth2 token endpoint: bodies, client credentials and content types of every wrong kind.
    token_endpoint = "/_delta-sharing/oauth/token"
    form = {"Content-Type": "application/x-www-form-urlencoded"}
    basic = {"Authorization": "Basic " + base64.b64encode(b"00000000-0000-0000-0000-000000000000:dapi0").decode()}
    for body in ("", "grant_type", "grant_type=", "grant_type=client_credentials", "grant_type=password",
                 "grant_type=client_credentials&scope=" + "s" * 5000, "grant_type=%zz", "=&&==&",
                 "grant_type=client_credentials&grant_type=x", "grant_type=client_credentials&client_id=\u00e9",
                 "grant_type=client_credentials&client_id=x&client_secret=y", "\x00\x01\x02",
                 "grant_type=client_credentials&client_id=" + "A" * 100000, "{\"grant_type\":\"client_credentials\"}"):
        m.send(OAUTH, "POST", token_endpoint, form, body)
        m.send(OAUTH, "POST", token_endpoint, {**form, **basic}, body)
    for authorization in ("Basic", "Basic !!!", "Basic " + base64.b64encode(b"nocolon").decode(),
                          "Basic " + base64.b64encode(b"%zz:%zz").decode(), "Bearer " + token, "Digest x",
                          "Basic " + base64.b64encode("\u00e9:\u00e9".encode()).decode(), "Basic " + "A" * 5000):
        m.send(OAUTH, "POST", token_endpoint, {**form, "Authorization": authorization}, "grant_type=client_credentials")
    for content_type in ("application/json", "text/plain", "multipart/form-data; boundary=x", "garbage/",
                         ";;;", "application/x-www-form-urlencoded; charset=nonsense"):
        m.send(OAUTH, "POST", token_endpoint, {**basic, "Content-Type": content_type}, "grant_type=client_credentials")
    for wrong in ("GET", "PUT", "DELETE", "PATCH"):
        m.send(OAUTH, wrong, token_endpoint, form, "grant_type=client_credentials")

    # The Iceberg REST catalog: wrong methods, bad tokens, bad bodies and parameters, odd names.
    ice = f"{ICEBERG}/v1/steady"
    ice_calls = [("GET", f"{ICEBERG}/v1/config?warehouse=steady"), ("GET", f"{ice}/namespaces"),
                 ("GET", f"{ice}/namespaces/default"), ("HEAD", f"{ice}/namespaces/default"),
                 ("GET", f"{ice}/namespaces/default/tables"), ("GET", f"{ice}/namespaces/default/tables/employees"),
                 ("HEAD", f"{ice}/namespaces/default/tables/employees"),
                 ("GET", f"{ice}/namespaces/default/tables/employees/credentials"),
                 ("POST", f"{ice}/namespaces/default/tables/employees/sign")]
    for method, path in ice_calls:
        for wrong in ("PUT", "DELETE", "PATCH", "POST" if method != "POST" else "GET"):
            m.send("iceberg", wrong, path, {**auth, **json_type}, "{}" if wrong in ("PUT", "PATCH", "POST") else None)
        for bad in bad_tokens:
            headers = {**json_type, **({"Authorization": bad} if bad is not None else {})}
            m.send("iceberg", method, path, headers, "{}" if method == "POST" else None)
    for body in garbage + [json.dumps(b) for b in (
            {"method": 5, "uri": "x"}, {"method": "GET"}, {"method": "GET", "uri": 5}, {"method": "GET", "uri": "x", "headers": []},
            {"method": "GET", "uri": "x", "headers": {"a": "b"}}, {"method": "GET", "uri": "x", "headers": {"a": [1]}},
            {"method": "GET", "uri": "::not a uri::", "headers": {}}, {"method": "PUT", "uri": "http://127.0.0.1/x/y"},
            {"method": "GET", "uri": "http://127.0.0.1:1/" + "a" * 5000, "headers": {}})]:
        m.send("iceberg", "POST", f"{ice}/namespaces/default/tables/employees/sign", {**auth, **json_type}, body)
    for write in ("/namespaces", "/namespaces/default", "/namespaces/default/properties", "/namespaces/default/tables",
                  "/namespaces/default/register", "/namespaces/default/tables/employees", "/tables/rename",
                  "/transactions/commit", "/namespaces/default/tables/employees/metrics"):
        for body in ("{}", "not json", "[" * 1000):
            m.send("iceberg", "POST", ice + write, {**auth, **json_type}, body)
    for value in ("-1", "0", "abc", "99999999999999999999", "1e400", ""):
        m.send("iceberg", "GET", f"{ice}/namespaces?pageSize={value}", auth)
        m.send("iceberg", "GET", f"{ice}/namespaces/default/tables?pageSize={value}", auth)
    for value in ("garbage", "A" * 5000, "%zz", "\u00e9"):
        m.send("iceberg", "GET", f"{ice}/namespaces?pageToken={urllib.parse.quote(value, safe='%')}", auth)
    for value in ("some", "", "ALL"):
        m.send("iceberg", "GET", f"{ice}/namespaces/default/tables/employees?snapshots={value}", auth)
    for text in ("\u65e5\u672c", "\U0001f4a5", "a\x1fb", "..", "%2F", "\u200b", "x" * 300):
        q = urllib.parse.quote(text, safe="%")
        m.send("iceberg", "GET", f"{ICEBERG}/v1/config?warehouse={q}", auth)
        m.send("iceberg", "GET", f"{ICEBERG}/v1/{q}/namespaces", auth)
        m.send("iceberg", "GET", f"{ice}/namespaces/{q}/tables/{q}", auth)
        m.send("iceberg", "GET", f"{ice}/namespaces/default?parent={q}", auth)
        m.send("iceberg", "GET", f"{ice}/namespaces?parent={q}", auth)
    for path in ("/v1", "/v2/config", "/v1/steady/views", "/v1/steady/namespaces/default/views/v", "/v1/oauth/tokens"):
        m.send("iceberg", "GET", ICEBERG + path, auth)
        m.send("iceberg", "POST", ICEBERG + path, {**auth, **json_type}, "{}")

    # The server's signed file URLs: every part of a real one changed.
    url = file_url(server, token)
    path, _, query = url.partition("?")
    params = dict(urllib.parse.parse_qsl(query))
    names = list(params)
    def with_param(name, value):
        changed = dict(params)
        changed[name] = value
        return path + "?" + urllib.parse.urlencode(changed)
    for name in names:
        for value in ("", "x", "0", "-1", "99999999999999999999", "9223372036854775807", "%zz", "\u00e9" * 10,
                      "A" * 3000):
            target = with_param(name, value) if value != "%zz" else path + "?" + query.replace(
                f"{name}={urllib.parse.quote(params[name], safe='')}", f"{name}=%zz")
            m.send("file URLs", "GET", target, {})
        m.send("file URLs", "GET", path + "?" + "&".join(f"{k}={urllib.parse.quote(v, safe='')}"
                                                          for k, v in params.items() if k != name), {})
    for ref in ("x", "..%2f..%2fetc%2fpasswd", path.rsplit("/", 1)[1] + "x", "A" * 4000, "%00"):
        m.send("file URLs", "GET", "/_lakeshare/v1/files/" + ref + "?" + query, {})
    for rng in ("bytes=0-0", "bytes=-99999999999999999999", "bytes=99999999999999999999-", "bytes=5-1",
                "bytes=0-1,2-3", "bytes=abc", "chars=0-1", "bytes=999999999-", "bytes=--1"):
        m.send("file URLs", "GET", url, {"Range": rng})
        m.send("file URLs", "HEAD", url, {"Range": rng})
    for wrong in ("POST", "PUT", "DELETE", "PATCH"):
        m.send("file URLs", wrong, url, json_type, "{}")

    total = m.count()
    rows = "\n".join(f"| {kind} | {len(statuses)} | {', '.join(str(s) for s in sorted(set(statuses)))} | "
                     f"{sum(1 for s in statuses if s >= 500)} |" for kind, statuses in m.seen.items())
    reliability.record("bad-input", "Hostile input: no 5xx, every error in the protocol's shape",
                       f"{total} malformed requests against the packaged server with MinIO (every recipient endpoint, "
                       f"the signed file URLs, the admin API, the OAuth token endpoint, the Iceberg REST catalog); every error body is "
                       "`{\"errorCode\",\"message\"}` (at the token endpoint RFC 6749's `{\"error\",\"error_description\"}`, "
                       "under `/iceberg` Iceberg's `{\"error\": {\"message\",\"type\",\"code\"}}`) "
                       "with no Java name, but for the requests that are not HTTP "
                       "(a Content-Length that is no number, control characters in a header value), which the "
                       "HTTP codec refuses with a bare 400 before any handler runs; afterwards the server is ready and the share "
                       "and token made before still read.\n\n"
                       "| class | requests | statuses seen | 5xx |\n|---|---|---|---|\n" + rows)
    assert total >= 300, total
    assert not m.failures, f"{len(m.failures)} of {total} answers were wrong:\n" + "\n".join(m.failures[:40])

    # Still healthy, nothing lost: the share and token made before work, as does the admin API.
    assert server.health("ready")["status"] == "UP"
    shares = request(server, "GET", f"{SHARING}/shares", auth)
    assert shares.status == 200 and [s["name"] for s in json.loads(shares.body)["items"]] == ["steady"]
    query = request(server, "POST", f"{t}/query", {**auth, **json_type}, "{}")
    assert query.status == 200 and b'"file"' in query.body
    assert request(server, "GET", url, {}).status == 200
    listed = request(server, "GET", "/api/admin/v1/tokens?share=steady", admin)
    assert listed.status == 200 and len(json.loads(listed.body)["items"]) >= 1
