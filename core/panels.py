"""What an app contributes to a member's home page.

Each app's `home.py` has `panels(request) -> list[Panel]` and
`next_steps(request) -> list[NextStep]`; the home view (in the wiring layer) gathers
them, so the home page grows with the apps without any app importing another.
"""

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class NextStep:
    """A suggestion in "What's next for you": a link and why it helps."""

    title: str
    url: str
    why: str = ""
    order: int = 100


@dataclass(frozen=True)
class Panel:
    """A section of the home page rendered from `template` with `context`."""

    title: str
    template: str
    context: dict[str, Any] = field(default_factory=dict)
    order: int = 100
