"""`make run` and `make test` go through this runner: it must start the embedded services,
serve the site with a worker and beat, and leave no process behind when interrupted."""

import os
import shlex
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from leedsquality import embedded

pytestmark = pytest.mark.slow
BASE_DIR = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    return embedded._free_port()


def _clean_env(tmp_path: Path) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if key
        not in {
            "DATABASE_URL",
            "REDIS_URL",
            "DJANGO_SETTINGS_MODULE",
            "SECRET_KEY",
            "ALLOWED_HOSTS",
            "EMAIL_HOST",
            "DEBUG",
        }
    }
    env["LQN_DATA_DIR"] = str(tmp_path / "data")
    return env


def _get(url: str) -> int | None:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status
    except OSError:
        return None


def _descendants(pid: int) -> list:
    import psutil

    return psutil.Process(pid).children(recursive=True)


def test_run_serves_the_site_with_worker_and_beat_and_ctrl_c_stops_everything(
    tmp_path, makefile_variable
):
    pytest.importorskip("pgserver", reason="the embedded PostgreSQL ships for Python 3.12 only")
    import psutil

    port = _free_port()
    command = [
        sys.executable, "-m", "leedsquality.embedded", "run", "--port", str(port),
        "--worker", makefile_variable("WORKER_CMD"), "--beat", makefile_variable("BEAT_CMD"),
    ]  # fmt: skip
    runner = subprocess.Popen(
        command,
        cwd=BASE_DIR,
        env=_clean_env(tmp_path),
        stdout=(tmp_path / "run.log").open("w"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        log = tmp_path / "run.log"
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and "is running at" not in log.read_text():
            assert runner.poll() is None, log.read_text()
            time.sleep(0.5)
        assert f"is running at http://127.0.0.1:{port}/" in log.read_text()
        assert _get(f"http://127.0.0.1:{port}/healthz") == 200, (tmp_path / "run.log").read_text()
        assert _get(f"http://127.0.0.1:{port}/") == 200

        processes = _descendants(runner.pid)
        postmaster = int((tmp_path / "data/postgres/postmaster.pid").read_text().split()[0])
        processes.append(psutil.Process(postmaster))
        names = " ".join(" ".join(p.cmdline()) for p in processes)
        assert "redis-server" in names
        assert "worker" in names
        assert "beat" in names
        assert "runserver" in names
    finally:
        os.killpg(runner.pid, signal.SIGINT)  # what Ctrl-C sends to the foreground group
        runner.wait(timeout=60)

    assert "Stopping the embedded PostgreSQL" in log.read_text()
    _, alive = psutil.wait_procs(processes, timeout=10)
    assert alive == [], f"left running after Ctrl-C: {[p.cmdline() for p in alive]}"


def test_exec_runs_a_command_beside_the_services_and_returns_its_exit_code(tmp_path):
    env = {**os.environ, "LQN_DATA_DIR": str(tmp_path / "data")}
    probe = "import os, sys; print(os.environ['DATABASE_URL']); sys.exit(3)"
    result = subprocess.run(
        [sys.executable, "-m", "leedsquality.embedded", "exec", "--", "python", "-c", probe],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 3
    assert result.stdout.splitlines()[-1].startswith("postgres")


def test_exec_without_a_command_explains_itself():
    result = subprocess.run(
        [sys.executable, "-m", "leedsquality.embedded", "exec"],
        cwd=BASE_DIR, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode == 2
    assert "exec needs a command" in result.stderr


def test_commands_are_taken_from_the_running_virtualenv():
    resolved = embedded._resolve("celery -A leedsquality worker", {})
    assert resolved[0] == str(Path(sys.executable).parent / "celery")
    assert embedded._resolve("python manage.py migrate", {})[0] == sys.executable
    assert shlex.join(resolved[1:]) == "-A leedsquality worker"


def test_a_data_folder_of_another_postgresql_version_is_set_aside_not_lost(tmp_path):
    folder = tmp_path / "postgres"
    folder.mkdir()
    (folder / "PG_VERSION").write_text("16\n")
    (folder / "base").mkdir()
    aside = embedded.set_aside_other_version(folder, "18")
    assert aside == tmp_path / "postgres-16"
    assert (aside / "base").is_dir()
    assert not folder.exists()


def test_a_data_folder_of_the_same_version_is_kept(tmp_path):
    folder = tmp_path / "postgres"
    folder.mkdir()
    (folder / "PG_VERSION").write_text("18\n")
    assert embedded.set_aside_other_version(folder, "18") is None
    assert folder.is_dir()
    assert embedded.set_aside_other_version(tmp_path / "new", "18") is None


def test_the_embedded_postgresql_ships_pg_trgm():
    pgserver = pytest.importorskip("pgserver", reason="embedded PostgreSQL: Python 3.12 only")
    extensions = Path(pgserver.__file__).parent / "pginstall" / "share" / "postgresql"
    assert (extensions / "extension" / "pg_trgm.control").exists()
    assert embedded.bundled_major_version(pgserver).isdigit()
