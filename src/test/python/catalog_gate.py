"""An OAuth2 gate in front of the REST catalog, as a secured catalog (Polaris, AIStor Tables) is:
it issues tokens for client credentials at /v1/oauth/tokens and refuses any other request whose
bearer token it did not issue (or that is not the static token it was given). Requests it lets
through go to the catalog unchanged. It records what it saw, so a test can tell which way the
client authenticated."""
import http.server
import secrets
import threading
import urllib.error
import urllib.parse
import urllib.request


class CatalogGate:
    def __init__(self, upstream: str, client_id: str, client_secret: str, static_token: str):
        self.upstream = upstream.rstrip("/")
        self.client_id, self.client_secret, self.static_token = client_id, client_secret, static_token
        self.issued = set()
        self.token_requests = 0
        self.refused = 0
        gate = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _forward(self, method):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else None
                if self.path.startswith("/v1/oauth/tokens"):
                    form = urllib.parse.parse_qs((body or b"").decode())
                    if form.get("client_id") == [gate.client_id] and form.get("client_secret") == [gate.client_secret]:
                        token = secrets.token_hex(16)
                        gate.issued.add(token)
                        gate.token_requests += 1
                        return self._reply(200, b'{"access_token":"%s","token_type":"bearer","expires_in":3600,'
                                                b'"issued_token_type":"urn:ietf:params:oauth:token-type:access_token"}' % token.encode())
                    return self._reply(401, b'{"error":"invalid_client"}')
                auth = self.headers.get("Authorization", "")
                token = auth[7:] if auth.startswith("Bearer ") else None
                if token != gate.static_token and token not in gate.issued:
                    gate.refused += 1
                    return self._reply(401, b'{"error":{"message":"Not authorized","type":"NotAuthorizedException","code":401}}')
                # Hop-by-hop and encoding headers stay here: the reply is passed on as received.
                headers = {k: v for k, v in self.headers.items()
                           if k.lower() not in ("host", "authorization", "accept-encoding", "connection")}
                request = urllib.request.Request(gate.upstream + self.path, data=body, method=method, headers=headers)
                try:
                    with urllib.request.urlopen(request, timeout=30) as response:
                        return self._reply(response.status, response.read(), response.headers.get("Content-Type"))
                except urllib.error.HTTPError as e:
                    return self._reply(e.code, e.read(), e.headers.get("Content-Type"))

            def _reply(self, status, payload, content_type="application/json"):
                self.send_response(status)
                self.send_header("Content-Type", content_type or "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def do_GET(self):
                self._forward("GET")

            def do_POST(self):
                self._forward("POST")

            def do_HEAD(self):
                self._forward("HEAD")

            def do_DELETE(self):
                self._forward("DELETE")

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.uri = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
