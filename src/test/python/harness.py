"""Starting the real things the tests and the benchmark run against: MinIO built from source, the
packaged Lakeshare server, and the `lakeshare` CLI."""
import json
import os
import pathlib
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
from dataclasses import dataclass

ROOT = pathlib.Path(__file__).resolve().parents[3]
JAR = ROOT / "target" / "quarkus-app" / "quarkus-run.jar"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_up(url: str, process: subprocess.Popen, log: pathlib.Path, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{url} exited with {process.returncode}:\n{log.read_text()[-4000:]}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.2)
    raise RuntimeError(f"{url} did not come up in {timeout}s:\n{log.read_text()[-4000:]}")


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()


@dataclass
class Minio:
    endpoint: str
    access_key: str
    secret_key: str

    def storage_options(self) -> dict:
        return {
            "AWS_ENDPOINT_URL": self.endpoint,
            "AWS_ACCESS_KEY_ID": self.access_key,
            "AWS_SECRET_ACCESS_KEY": self.secret_key,
            "AWS_REGION": "us-east-1",
            "AWS_ALLOW_HTTP": "true",
            "AWS_S3_ALLOW_UNSAFE_RENAME": "true",
        }


def launch(command, log: pathlib.Path, env: dict, health_url: str, cwd=None, timeout: float = 90) -> subprocess.Popen:
    """Starts a process with its output in log and waits (up to timeout seconds) until health_url answers 200."""
    with open(log, "w") as out:
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, env=env, cwd=cwd)
    try:
        wait_until_up(health_url, process, log, timeout)
    except Exception:
        stop(process)
        raise
    return process


def minio_binary() -> str:
    return os.environ.get("LAKESHARE_TEST_MINIO") or shutil.which("minio") or str(pathlib.Path.home() / "go" / "bin" / "minio")


def start_minio(workdir: pathlib.Path, port: int = 0):
    """Starts MinIO on the port (a free one by default) with its data in workdir; returns (process, Minio).
    Started again with the same workdir and port, it is the same store back."""
    binary = minio_binary()
    if not os.access(binary, os.X_OK):
        raise RuntimeError("MinIO is not installed; ./dev test builds it from source with go install")
    port, console = port or free_port(), free_port()
    access, secret = "lakeshare-test", "lakeshare-test-secret"
    env = dict(os.environ, MINIO_ROOT_USER=access, MINIO_ROOT_PASSWORD=secret, MINIO_BROWSER="off")
    endpoint = f"http://127.0.0.1:{port}"
    process = launch([binary, "server", str(workdir / "minio-data"), "--address", f"127.0.0.1:{port}",
                      "--console-address", f"127.0.0.1:{console}", "--quiet"],
                     workdir / "minio.log", env, endpoint + "/minio/health/live")
    return process, Minio(endpoint, access, secret)


def start_rest_catalog(workdir: pathlib.Path, minio: "Minio", warehouse: str):
    """Starts Apache Iceberg's REST catalog server (its test fixture, jars in target/rest-catalog,
    copied there by ./dev test) on a free port, keeping tables under `warehouse` (s3://bucket/path)
    in MinIO and its catalog in sqlite; returns (process, uri)."""
    jars = ROOT / "target" / "rest-catalog"
    if not jars.is_dir():
        raise RuntimeError(f"{jars} is missing; ./dev test copies the REST catalog's jars there")
    port = free_port()
    env = dict(os.environ, AWS_REGION="us-east-1",
               CATALOG_WAREHOUSE=warehouse, CATALOG_IO__IMPL="org.apache.iceberg.aws.s3.S3FileIO",
               CATALOG_S3_ENDPOINT=minio.endpoint, CATALOG_S3_PATH__STYLE__ACCESS="true",
               CATALOG_S3_ACCESS__KEY__ID=minio.access_key, CATALOG_S3_SECRET__ACCESS__KEY=minio.secret_key,
               CATALOG_CLIENT_REGION="us-east-1", CATALOG_URI=f"jdbc:sqlite:{workdir}/rest-catalog.db",
               CATALOG_JDBC_USER="user", CATALOG_JDBC_PASSWORD="password", CATALOG_REST_PORT=str(port))
    uri = f"http://127.0.0.1:{port}"
    process = launch(["java", "-Xmx384m", "-cp", f"{jars}/*", "org.apache.iceberg.rest.RESTCatalogServer"],
                     workdir / "rest-catalog.log", env, uri + "/v1/config")
    return process, uri


KEYCLOAK_VERSION = "26.5.6"  # org.keycloak:keycloak-quarkus-dist, unpacked into target/keycloak by ./dev test
KEYCLOAK_JAVA_HOME = os.environ.get("LAKESHARE_TEST_KEYCLOAK_JAVA_HOME", "/usr/lib/jvm/temurin-25-jdk-amd64")


def start_keycloak(workdir: pathlib.Path):
    """Starts Keycloak (its distribution from Maven Central, in target/keycloak; it needs Java 21 or
    later, LAKESHARE_TEST_KEYCLOAK_JAVA_HOME, while the server stays on 17) in dev mode on a free port,
    its data in workdir; returns (process, Keycloak) once its realms answer."""
    home = ROOT / "target" / "keycloak" / f"keycloak-{KEYCLOAK_VERSION}"
    if not (home / "bin" / "kc.sh").exists():
        raise RuntimeError(f"{home} is missing; ./dev test unpacks Keycloak's distribution there")
    if not os.access(pathlib.Path(KEYCLOAK_JAVA_HOME) / "bin" / "java", os.X_OK):
        raise RuntimeError(f"Keycloak needs Java 21+: set LAKESHARE_TEST_KEYCLOAK_JAVA_HOME (not {KEYCLOAK_JAVA_HOME})")
    # Its own copy: dev mode writes its database and build state under the distribution.
    copy = workdir / "keycloak"
    if not copy.exists():
        shutil.copytree(home, copy, symlinks=True)
    port, management = free_port(), free_port()
    admin, password = "lakeshare-admin", "lakeshare-admin-password"
    env = dict(os.environ, JAVA_HOME=KEYCLOAK_JAVA_HOME, KC_BOOTSTRAP_ADMIN_USERNAME=admin,
               KC_BOOTSTRAP_ADMIN_PASSWORD=password, JAVA_OPTS_KC_HEAP="-Xms64m -Xmx512m")
    url = f"http://127.0.0.1:{port}"
    # About 25 s on an idle machine (its first start also creates its schema); far longer on a busy one.
    process = launch([str(copy / "bin" / "kc.sh"), "start-dev", "--http-host", "127.0.0.1",
                      "--http-port", str(port), "--http-management-port", str(management)],
                     workdir / "keycloak.log", env, url + "/realms/master", timeout=300)
    return process, Keycloak(url, admin, password)


@dataclass
class Keycloak:
    """A running Keycloak and its admin REST API: realms and confidential clients for the specs."""
    url: str
    admin: str
    password: str

    def _admin_token(self) -> str:
        import requests
        answer = requests.post(f"{self.url}/realms/master/protocol/openid-connect/token", timeout=30,
                               data={"grant_type": "password", "client_id": "admin-cli",
                                     "username": self.admin, "password": self.password})
        answer.raise_for_status()
        return answer.json()["access_token"]

    def _admin(self, method: str, path: str, body=None):
        import requests
        answer = requests.request(method, f"{self.url}/admin/realms{path}", json=body, timeout=30,
                                  headers={"Authorization": f"Bearer {self._admin_token()}"})
        answer.raise_for_status()
        return answer.json() if answer.content else None

    def issuer(self, realm: str) -> str:
        return f"{self.url}/realms/{realm}"

    def token_endpoint(self, realm: str) -> str:
        return f"{self.issuer(realm)}/protocol/openid-connect/token"

    def create_realm(self, realm: str) -> None:
        self._admin("POST", "", {"realm": realm, "enabled": True})

    def create_client(self, realm: str, client_id: str, secret: str, audience=None, lifespan_seconds=None) -> str:
        """A confidential client with a service account (client credentials grant); with `audience`, an
        audience mapper puts it into its access tokens' aud. Returns the service account's subject."""
        client = {"clientId": client_id, "secret": secret, "publicClient": False, "serviceAccountsEnabled": True,
                  "standardFlowEnabled": False, "directAccessGrantsEnabled": False, "protocol": "openid-connect",
                  "attributes": {}}
        if lifespan_seconds:
            client["attributes"]["access.token.lifespan"] = str(lifespan_seconds)
        if audience:
            client["protocolMappers"] = [{
                "name": "audience", "protocol": "openid-connect", "protocolMapper": "oidc-audience-mapper",
                "config": {"included.custom.audience": audience, "access.token.claim": "true",
                           "id.token.claim": "false", "introspection.token.claim": "true"}}]
        self._admin("POST", f"/{realm}/clients", client)
        internal = self._admin("GET", f"/{realm}/clients?clientId={client_id}")[0]["id"]
        return self._admin("GET", f"/{realm}/clients/{internal}/service-account-user")["id"]

    def rotate_keys(self, realm: str) -> None:
        """A new RSA signing key of higher priority: the realm's JWTs are signed by it from now on."""
        realm_id = self._admin("GET", f"/{realm}")["id"]
        self._admin("POST", f"/{realm}/components", {
            "name": f"rotated-{time.monotonic_ns()}", "providerId": "rsa-generated", "parentId": realm_id,
            "providerType": "org.keycloak.keys.KeyProvider",
            "config": {"priority": ["500"], "keySize": ["2048"], "active": ["true"], "enabled": ["true"],
                       "algorithm": ["RS256"]}})

    def access_token(self, realm: str, client_id: str, secret: str) -> str:
        """A JWT from the client credentials grant, as a recipient's client gets one."""
        import requests
        answer = requests.post(self.token_endpoint(realm), auth=(client_id, secret),
                               data={"grant_type": "client_credentials"}, timeout=30)
        answer.raise_for_status()
        return answer.json()["access_token"]


def s3_filesystem(minio: "Minio"):
    """A pyarrow S3 filesystem on MinIO that may create buckets."""
    from pyarrow import fs
    return fs.S3FileSystem(endpoint_override=minio.endpoint, access_key=minio.access_key, secret_key=minio.secret_key,
                           scheme="http", region="us-east-1", allow_bucket_creation=True)


def start_server(workdir: pathlib.Path, minio: "Minio", java_options=(), env_overrides=None, jar: pathlib.Path = JAR,
                 data_dir: pathlib.Path = None, until: str = "ready", port: int = 0, warehouse: bool = True):
    """Starts the packaged server (the default build, or another jar) on the port (a free one by
    default) with its data in data_dir, by default workdir/server-data (holding a copy of the demo
    warehouse unless `warehouse` is false), and MinIO as its S3 store; returns (process, Server) once the health probe `until`
    (ready, started) answers UP."""
    if not jar.exists():
        raise RuntimeError(f"{jar} is missing; build with ./mvnw package (./dev test does)")
    port, management_port = port or free_port(), free_port()
    data_dir = data_dir or workdir / "server-data"
    if warehouse and os.access(data_dir if data_dir.exists() else data_dir.parent, os.W_OK):  # not on a read-only disk
        (data_dir / "warehouse").mkdir(parents=True, exist_ok=True)
        shutil.copytree(ROOT / "demo" / "warehouse", data_dir / "warehouse", dirs_exist_ok=True)
    secret_file = workdir / "s3-secret"
    secret_file.write_text(minio.secret_key + "\n")
    env = dict(os.environ,
               QUARKUS_HTTP_PORT=str(port),
               QUARKUS_MANAGEMENT_PORT=str(management_port),
               LAKESHARE_DATA_DIR=str(data_dir),
               LAKESHARE_PUBLIC_ENDPOINT=f"http://127.0.0.1:{port}",
               LAKESHARE_STORAGE_S3_ENDPOINT=minio.endpoint,
               LAKESHARE_STORAGE_S3_ACCESS_KEY_ID=minio.access_key,
               # The secret comes from a file, as from a mounted Kubernetes secret.
               LAKESHARE_STORAGE_S3_SECRET_ACCESS_KEY_FILE=str(secret_file))
    env.pop("LAKESHARE_ADMIN_TOKEN", None)
    # The specs send many bad, revoked and missing tokens from one address on purpose; the budgets for
    # those are specified by FloodBudgetsTest, and a spec that wants them passes its own values.
    env.update(LAKESHARE_RATE_LIMIT_UNAUTHENTICATED_PER_ADDRESS="0", LAKESHARE_RATE_LIMIT_UNAUTHENTICATED="0",
               LAKESHARE_RATE_LIMIT_ADMIN_FAILURES_PER_MINUTE="0")
    env.update(env_overrides or {})
    log = workdir / "server.log"
    url = f"http://127.0.0.1:{port}"
    management = f"http://127.0.0.1:{management_port}"
    process = launch(["java", *java_options, "-jar", str(jar)], log, env, f"{management}/q/health/{until}", cwd=workdir)
    return process, Server(url, data_dir, log, management)


@dataclass
class Server:
    url: str
    data_dir: pathlib.Path
    log: pathlib.Path
    management: str  # health probes and metrics

    def health(self, probe: str = "ready") -> dict:
        """The health document of a probe (live, ready, started), whatever its HTTP status."""
        try:
            with urllib.request.urlopen(f"{self.management}/q/health/{probe}", timeout=30) as response:
                return json.load(response)
        except urllib.error.HTTPError as e:
            return json.load(e)

    def cli(self, *args: str, check: bool = True, executable=None, **env_overrides: str) -> subprocess.CompletedProcess:
        """The owner's CLI: its own jar through ./lakeshare, or another command that is the CLI (the
        server's executable)."""
        env = dict(os.environ, LAKESHARE_DATA_DIR=str(self.data_dir))
        env.pop("LAKESHARE_ADMIN_TOKEN", None)
        env.update(env_overrides)
        result = subprocess.run([*(executable or [str(ROOT / "lakeshare")]), "--server", self.url, *args],
                                capture_output=True, text=True, env=env, timeout=60)
        if check and result.returncode != 0:
            raise AssertionError(f"lakeshare {' '.join(args)} failed ({result.returncode}): {result.stderr}")
        return result

    def cli_json(self, *args: str) -> dict:
        return json.loads(self.cli(*args, "--json").stdout)

    def profile(self, share: str, tmp_path: pathlib.Path, *token_args: str) -> pathlib.Path:
        """A profile file made the way the README says: token create --json | jq -r .profile."""
        created = self.cli("token", "create", share, *token_args, "--json")
        jq = subprocess.run(["jq", "-r", ".profile"], input=created.stdout, capture_output=True, text=True, check=True)
        path = tmp_path / f"{share}-{time.monotonic_ns()}.share"
        path.write_text(jq.stdout)
        return path


def equal_hint(column: str, value, value_type: str) -> str:
    """A jsonPredicateHints tree for column = value."""
    return json.dumps({"op": "equal", "children": [{"op": "column", "name": column, "valueType": value_type},
                                                   {"op": "literal", "value": str(value), "valueType": value_type}]})


def file_lines(profile_path, share: str, schema: str, table: str, body: dict, capabilities: str) -> list:
    """The file lines of a /query answered over HTTP with the profile's token and these capabilities."""
    import requests
    profile = json.loads(pathlib.Path(profile_path).read_text())
    response = requests.post(f"{profile['endpoint']}/shares/{share}/schemas/{schema}/tables/{table}/query", json=body,
                             headers={"Authorization": "Bearer " + profile["bearerToken"], "delta-sharing-capabilities": capabilities})
    assert response.status_code == 200, response.text
    return [json.loads(line) for line in response.text.splitlines() if '"file"' in line]

