"""Starting the packaged jar as the README's deployment line does: from any directory, with or
without settings; and refusing to start with an admin credential anyone could guess."""
import os
import stat
import subprocess

from harness import JAR, free_port, launch, stop


def bare_environment(**settings) -> dict:
    """The process environment with no LAKESHARE_* setting, plus `settings`."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("LAKESHARE_")}
    env.update(QUARKUS_HTTP_PORT=str(free_port()), QUARKUS_MANAGEMENT_PORT=str(free_port()), **settings)
    return env


def test_the_jar_starts_from_an_empty_directory_with_no_settings(tmp_path):
    env = bare_environment()
    process = launch(["java", "-jar", str(JAR)], tmp_path / "server.log", env,
                     f"http://127.0.0.1:{env['QUARKUS_MANAGEMENT_PORT']}/q/health/ready", cwd=tmp_path)
    try:
        data = tmp_path / "data"
        assert (data / "catalog.mv.db").is_file() and (data / "admin-token").is_file()
        assert stat.S_IMODE(os.stat(data).st_mode) == 0o700
        assert f"wrote it to {data}/admin-token" in (tmp_path / "server.log").read_text(), "the data dir is named absolutely"
    finally:
        stop(process)


def test_a_weak_admin_credential_is_refused_at_start_without_being_logged(tmp_path):
    env = bare_environment(LAKESHARE_ADMIN_TOKEN="changeme", LAKESHARE_DATA_DIR=str(tmp_path / "data"))
    started = subprocess.run(["java", "-jar", str(JAR)], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
    assert started.returncode != 0
    log = started.stdout + started.stderr
    assert "lakeshare.admin-token (LAKESHARE_ADMIN_TOKEN) is too weak to start with: 8 characters" in log, log[-3000:]
    assert "at least 16 characters" in log and "openssl rand -hex 32" in log
    assert "changeme" not in log, "the credential itself is never logged"
