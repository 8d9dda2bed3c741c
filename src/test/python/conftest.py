"""The recipient-side test harness: a real MinIO built from source, the packaged Lakeshare server,
the `lakeshare` CLI, and the official delta-sharing Python connector. Nothing is mocked."""
import json
import os
import pathlib
import re
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
from dataclasses import dataclass

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[3]
JAR = ROOT / "target" / "quarkus-app" / "quarkus-run.jar"
FIXTURE_BUCKET = "fixtures"
# The server's list endpoints page at this size in these tests, so the connector has to page.
LIST_PAGE_SIZE = 2


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


@pytest.fixture(scope="session")
def workdir(tmp_path_factory) -> pathlib.Path:
    return tmp_path_factory.mktemp("lakeshare")


@pytest.fixture(scope="session")
def minio(workdir):
    binary = os.environ.get("LAKESHARE_TEST_MINIO") or shutil.which("minio") \
        or str(pathlib.Path.home() / "go" / "bin" / "minio")
    if not os.access(binary, os.X_OK):
        pytest.fail("MinIO is not installed; ./dev test builds it from source with go install")
    port, console = free_port(), free_port()
    access, secret = "lakeshare-test", "lakeshare-test-secret"
    env = dict(os.environ, MINIO_ROOT_USER=access, MINIO_ROOT_PASSWORD=secret, MINIO_BROWSER="off")
    log = workdir / "minio.log"
    with open(log, "w") as out:
        process = subprocess.Popen(
            [binary, "server", str(workdir / "minio-data"), "--address", f"127.0.0.1:{port}",
             "--console-address", f"127.0.0.1:{console}", "--quiet"],
            stdout=out, stderr=subprocess.STDOUT, env=env)
    endpoint = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(endpoint + "/minio/health/live", process, log)
        yield Minio(endpoint, access, secret)
    finally:
        stop(process)


@pytest.fixture(scope="session")
def s3_orders_table(minio) -> str:
    """A Delta table written into MinIO by delta-rs; returns its prefix in the fixture bucket."""
    import pyarrow as pa
    from pyarrow import fs
    from deltalake import write_deltalake

    s3 = fs.S3FileSystem(endpoint_override=minio.endpoint, access_key=minio.access_key,
                         secret_key=minio.secret_key, scheme="http", region="us-east-1",
                         allow_bucket_creation=True)
    s3.create_dir(FIXTURE_BUCKET)
    orders = pa.table({"order_id": pa.array([1, 2, 3], pa.int64()), "amount": [9.5, 20.0, 3.25]})
    write_deltalake(f"s3://{FIXTURE_BUCKET}/sales/orders", orders, storage_options=minio.storage_options())
    return "sales/orders/"


@dataclass
class WrittenTable:
    """A table a real writer wrote, with what it holds at each version, to compare reads against."""
    prefix: str
    rows_at: dict  # version -> list of row dicts, sorted by "id"
    commit_ms: dict  # version -> commit timestamp in ms


def sorted_rows(table) -> list:
    return sorted(table.to_pylist(), key=lambda r: r["id"])


PROXIED_BUCKET = "proxied"


@pytest.fixture(scope="session")
def proxied_table(minio) -> list:
    """A delta-rs table in an S3 bucket configured for proxy URLs: recipients fetch its files from
    Lakeshare, which streams them from S3. Returns the rows written."""
    import pyarrow as pa
    from pyarrow import fs
    from deltalake import write_deltalake

    s3 = fs.S3FileSystem(endpoint_override=minio.endpoint, access_key=minio.access_key,
                         secret_key=minio.secret_key, scheme="http", region="us-east-1", allow_bucket_creation=True)
    s3.create_dir(PROXIED_BUCKET)
    rows = [{"id": i, "word": w} for i, w in enumerate(["alpha", "beta", "gamma"], start=1)]
    write_deltalake(f"s3://{PROXIED_BUCKET}/words", pa.Table.from_pylist(rows), storage_options=minio.storage_options())
    return rows


@pytest.fixture(scope="session")
def s3_sales_table(minio, s3_orders_table) -> WrittenTable:
    """Written into MinIO by delta-rs: partitioned (with values that need escaping in paths),
    appends, an overwrite, a checkpoint, then many small files."""
    import pyarrow as pa
    from deltalake import DeltaTable, write_deltalake

    uri = f"s3://{FIXTURE_BUCKET}/sales/transactions"
    options = minio.storage_options()
    rows_at, current = {}, []
    next_id = iter(range(1, 10_000))

    def batch(regions):
        return [{"id": next(next_id), "region": r, "amount": float(len(r) * 10), "note": f"row in {r}"} for r in regions]

    def commit(rows, mode):
        nonlocal current
        schema = pa.schema([("id", pa.int64()), ("region", pa.string()), ("amount", pa.float64()), ("note", pa.string())])
        write_deltalake(uri, pa.Table.from_pylist(rows, schema=schema), mode=mode, partition_by=["region"],
                        storage_options=options)
        current = sorted((current if mode == "append" else []) + rows, key=lambda r: r["id"])
        version = DeltaTable(uri, storage_options=options).version()
        rows_at[version] = current

    commit(batch(["us-east", "eu west", "ap/south%1"]), "overwrite")      # v0, first write
    commit(batch(["us-east", "eu west"]), "append")                       # v1
    commit(batch(["eu west", "eu west", "us-east"]), "overwrite")          # v2, replaces everything
    commit(batch(["ap/south%1"]), "append")                               # v3
    DeltaTable(uri, storage_options=options).create_checkpoint()          # checkpoint at v3
    for _ in range(12):                                                    # v4..v15, one small file each
        commit(batch(["us-east"]), "append")
    history = DeltaTable(uri, storage_options=options).history()
    commit_ms = {h["version"]: h["timestamp"] for h in history}
    return WrittenTable("sales/transactions/", rows_at, commit_ms)


SPARK_TABLES = ["spark_dv", "spark_cm", "spark_ntz", "spark_escaped"]
SPARK_JARS = ROOT / "target" / "spark-jars"


@pytest.fixture(scope="session")
def spark_tables(minio) -> dict:
    """Tables written by Delta Spark (fixtures/spark_tables.py), generated once per machine into a
    cache keyed by the script, then copied into MinIO under spark/. Returns name -> expected rows."""
    import hashlib
    from pyarrow import fs

    script = pathlib.Path(__file__).parent / "fixtures" / "spark_tables.py"
    key = hashlib.sha256(script.read_bytes()).hexdigest()[:16]
    cache = pathlib.Path(os.environ.get("XDG_CACHE_HOME", pathlib.Path.home() / ".cache")) / "lakeshare" / f"spark-{key}"
    if not (cache / ".done").exists():
        jars = sorted(str(j) for j in SPARK_JARS.glob("*.jar"))
        if not jars:
            pytest.fail(f"No Delta Spark jars in {SPARK_JARS}; ./dev test fetches them")
        shutil.rmtree(cache, ignore_errors=True)
        cache.mkdir(parents=True)
        log = cache.parent / f"spark-{key}.log"
        with open(log, "w") as out:
            if subprocess.run(["python3", str(script), str(cache), *jars], stdout=out, stderr=subprocess.STDOUT).returncode:
                pytest.fail(f"Delta Spark could not write the fixtures; see {log}")
        (cache / ".done").touch()
    s3 = fs.S3FileSystem(endpoint_override=minio.endpoint, access_key=minio.access_key,
                         secret_key=minio.secret_key, scheme="http", region="us-east-1", allow_bucket_creation=True)
    s3.create_dir(FIXTURE_BUCKET)
    expected = {}
    fs.copy_files(str(cache / "spark_clone"), f"{FIXTURE_BUCKET}/spark/spark_clone", source_filesystem=fs.LocalFileSystem(),
                  destination_filesystem=s3)
    for name in SPARK_TABLES:
        fs.copy_files(str(cache / name), f"{FIXTURE_BUCKET}/spark/{name}", source_filesystem=fs.LocalFileSystem(),
                      destination_filesystem=s3)
        expected[name] = json.loads((cache / f"{name}.expected.json").read_text())
    return expected


@dataclass
class Server:
    url: str
    data_dir: pathlib.Path
    log: pathlib.Path

    def cli(self, *args: str, check: bool = True, **env_overrides: str) -> subprocess.CompletedProcess:
        env = dict(os.environ, LAKESHARE_DATA_DIR=str(self.data_dir))
        env.pop("LAKESHARE_ADMIN_TOKEN", None)
        env.update(env_overrides)
        result = subprocess.run([str(ROOT / "lakeshare"), "--server", self.url, *args],
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


@pytest.fixture(scope="session")
def server(workdir, minio):
    if not JAR.exists():
        pytest.fail(f"{JAR} is missing; build with ./mvnw package (./dev test does)")
    port = free_port()
    data_dir = workdir / "server-data"
    (data_dir / "warehouse").mkdir(parents=True)
    shutil.copytree(ROOT / "demo" / "warehouse", data_dir / "warehouse", dirs_exist_ok=True)
    secret_file = workdir / "s3-secret"
    secret_file.write_text(minio.secret_key + "\n")
    env = dict(os.environ,
               QUARKUS_HTTP_PORT=str(port),
               LAKESHARE_DATA_DIR=str(data_dir),
               LAKESHARE_PUBLIC_ENDPOINT=f"http://127.0.0.1:{port}",
               LAKESHARE_LISTING_DEFAULT_PAGE_SIZE=str(LIST_PAGE_SIZE),
               LAKESHARE_STORAGE_S3_ENDPOINT=minio.endpoint,
               LAKESHARE_STORAGE_S3_ACCESS_KEY_ID=minio.access_key,
               # The secret comes from a file, as from a mounted Kubernetes secret.
               LAKESHARE_STORAGE_S3_SECRET_ACCESS_KEY_FILE=str(secret_file))
    env.pop("LAKESHARE_ADMIN_TOKEN", None)
    log = workdir / "server.log"
    with open(log, "w") as out:
        process = subprocess.Popen(
            ["java", f"-Dlakeshare.storage.buckets.{FIXTURE_BUCKET}.store=s3",
             f"-Dlakeshare.storage.buckets.{PROXIED_BUCKET}.store=s3", f"-Dlakeshare.storage.buckets.{PROXIED_BUCKET}.urls=proxy",
             "-jar", str(JAR)],
            stdout=out, stderr=subprocess.STDOUT, env=env, cwd=workdir)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(url + "/q/health/ready", process, log)
        yield Server(url, data_dir, log)
    finally:
        stop(process)
        # Secrets never reach the log: neither recipients' tokens nor the admin credential.
        text = log.read_text()
        admin_token = (data_dir / "admin-token").read_text().strip()
        assert admin_token not in text, "the admin credential leaked into the server log"
        assert not re.search(r"dapi[0-9a-f]{64}", text), "a recipient token leaked into the server log"
