"""The permission matrix's vocabulary: a row is a URL and the status each persona gets.

Each app keeps its rows in `tests/<app>/permission_rows.py` (a `ROWS` dict keyed by URL
name, and optionally a `context(request)` function that makes the objects its URLs
need); `tests/test_permission_matrix.py` gathers them and fails on any URL pattern
without a row.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

PERSONAS = ("anonymous", "champion", "other_champion", "partner", "facilitator",
            "system_leader", "admin_user")  # fmt: skip
MEMBERS = [persona for persona in PERSONAS if persona != "anonymous"]


@dataclass
class Row:
    url: str | Callable[[dict], str]
    expect: dict[str, int]
    method: str = "get"
    mailbox: bool = False
    data: dict = field(default_factory=dict)


def everyone(status: int) -> dict[str, int]:
    return dict.fromkeys(PERSONAS, status)


def visitors(anonymous: int, members: int, **overrides: int) -> dict[str, int]:
    return {"anonymous": anonymous, **dict.fromkeys(MEMBERS, members), **overrides}


def admin_only(admin_status: int = 200, others: int = 302) -> dict[str, int]:
    return {**everyone(others), "admin_user": admin_status}
