"""The development mailbox: in `make run` email is written to files, never sent.

Each message is one `.eml` file in `settings.DEV_MAILBOX_DIR`; the pages at
`/dev/mailbox/` list and show them. The pages answer 404 unless this backend is
the one in use (DEBUG on and no EMAIL_HOST), so production never exposes them.
"""

import email
import email.policy
import re
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from email.message import EmailMessage as ParsedMessage
from pathlib import Path

from django.conf import settings
from django.core.mail import EmailMessage
from django.core.mail.backends.base import BaseEmailBackend

MESSAGE_ID = re.compile(r"^[0-9]{8}T[0-9]{6}\.[0-9]{6}-[0-9a-f]{32}$")


def mailbox_dir() -> Path | None:
    return settings.DEV_MAILBOX_DIR


class DevMailboxBackend(BaseEmailBackend):
    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        folder = mailbox_dir()
        if folder is None:
            raise RuntimeError("DevMailboxBackend needs settings.DEV_MAILBOX_DIR.")
        folder.mkdir(parents=True, exist_ok=True)
        sent = 0
        for message in email_messages:
            if not message.recipients():
                continue
            stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S.%f")
            path = folder / f"{stamp}-{uuid.uuid4().hex}.eml"
            tmp = path.with_suffix(".tmp")
            tmp.write_bytes(message.message().as_bytes())
            tmp.rename(path)
            sent += 1
        return sent


@dataclass(frozen=True)
class StoredMessage:
    id: str
    parsed: ParsedMessage

    @property
    def subject(self) -> str:
        return str(self.parsed.get("Subject", ""))

    @property
    def to(self) -> str:
        return str(self.parsed.get("To", ""))

    @property
    def sender(self) -> str:
        return str(self.parsed.get("From", ""))

    @property
    def received(self) -> datetime:
        return datetime.strptime(self.id[:22], "%Y%m%dT%H%M%S.%f").replace(tzinfo=UTC)

    @property
    def headers(self) -> list[tuple[str, str]]:
        return [(name, str(value)) for name, value in self.parsed.items()]

    def _part(self, subtype: str) -> str | None:
        part = self.parsed.get_body(preferencelist=(subtype,))
        if part is None or part.get_content_subtype() != subtype:
            return None
        return part.get_content()

    @property
    def text(self) -> str | None:
        return self._part("plain")

    @property
    def html(self) -> str | None:
        return self._part("html")


def _read(path: Path) -> StoredMessage:
    parsed = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
    return StoredMessage(id=path.stem, parsed=parsed)  # type: ignore[arg-type]


def list_messages() -> list[StoredMessage]:
    folder = mailbox_dir()
    if folder is None or not folder.is_dir():
        return []
    paths = sorted(folder.glob("*.eml"), reverse=True)
    return [_read(path) for path in paths if MESSAGE_ID.match(path.stem)]


def get_message(message_id: str) -> StoredMessage | None:
    folder = mailbox_dir()
    if folder is None or not MESSAGE_ID.match(message_id):
        return None
    path = folder / f"{message_id}.eml"
    return _read(path) if path.is_file() else None


def clear() -> int:
    folder = mailbox_dir()
    if folder is None or not folder.is_dir():
        return 0
    removed = 0
    for path in folder.glob("*.eml"):
        path.unlink(missing_ok=True)
        removed += 1
    return removed
