"""The owner's CLI as it ships. Its own jar (`./lakeshare`, `lakeshare-cli.jar`) is what every other
spec drives; here, the server's executable, which is the CLI when it is given a command: that is how
the native image, which has no JVM for the jar, carries it. Quarkus never starts for a command."""
import json

import delta_sharing

from conftest import FIXTURE_BUCKET
from harness import JAR

SERVER_EXECUTABLE = ["java", "-jar", str(JAR)]


def test_the_server_executable_manages_shares_and_tokens_as_the_cli_jar_does(server, s3_orders_table, tmp_path):
    share = "made-by-the-server-executable"
    created = server.cli("share", "create", share, "sales", f"orders:delta:{FIXTURE_BUCKET}:{s3_orders_table}",
                         "--description", "from the server's own binary", executable=SERVER_EXECUTABLE)
    assert "Quarkus" not in created.stdout + created.stderr  # a command, not a second server
    info = server.cli_json("share", "info", share)
    assert info["description"] == "from the server's own binary"
    assert [(t["schema"], t["name"]) for t in info["tables"]] == [("sales", "orders")]

    listed = json.loads(server.cli("share", "list", "--json", executable=SERVER_EXECUTABLE).stdout)
    assert listed == server.cli_json("share", "list")

    token = json.loads(server.cli("token", "create", share, "--json", executable=SERVER_EXECUTABLE).stdout)
    profile = tmp_path / "from-server-executable.share"
    profile.write_text(json.dumps(token["profile"]))
    assert token["profile"]["endpoint"] == f"{server.url}/_delta-sharing/v1"
    orders = delta_sharing.load_as_pandas(f"{profile}#{share}.sales.orders")
    assert sorted(orders["order_id"].tolist()) == [1, 2, 3]


def test_the_server_executable_answers_help_and_usage_errors_as_the_cli_does(server):
    rotate_help = server.cli("token", "rotate", "--help", executable=SERVER_EXECUTABLE)
    assert "--grace" in rotate_help.stdout
    assert rotate_help.stdout == server.cli("token", "rotate", "--help").stdout

    wrong = server.cli("share", "frobnicate", check=False, executable=SERVER_EXECUTABLE)
    assert wrong.returncode == 2
    assert wrong.stderr == server.cli("share", "frobnicate", check=False).stderr

    missing = server.cli("share", "info", "nope", check=False, executable=SERVER_EXECUTABLE)
    assert (missing.returncode, missing.stderr.strip()) == (
        1, "lakeshare: Share 'nope' does not exist (RESOURCE_DOES_NOT_EXIST, HTTP 404)")
