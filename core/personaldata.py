"""What the product holds about a member: the export ("Download my data") and the erasure
("Delete my account") that UK GDPR asks for.

Each app registers, from its `AppConfig.ready()`, an exporter that returns what it holds
about a member and an eraser that removes it (or anonymises what must stay, such as a
contribution to a shared project). `champions` owns the account and calls
`personal_data_export` and `personal_data_erase`; apps above it register their own
providers here, so no import points upwards (docs/architecture.md#personal-data-the-registry).
"""

from collections.abc import Callable
from typing import Any

Exporter = Callable[[Any], dict[str, Any]]
Eraser = Callable[[Any], None]

_exporters: dict[str, Exporter] = {}
_erasers: dict[str, Eraser] = {}


def _register[F](registry: dict[str, F], name: str, provider: F) -> None:
    registered = registry.get(name)
    if registered is not None and registered is not provider:
        raise ValueError(f"A personal-data provider named {name!r} is already registered.")
    registry[name] = provider


def register_exporter(name: str, exporter: Exporter) -> None:
    """`exporter(user)` returns what the app holds about `user`, as JSON-ready data; it
    appears under `name` in the member's download."""
    _register(_exporters, name, exporter)


def register_eraser(name: str, eraser: Eraser) -> None:
    """`eraser(user)` removes the app's personal data about `user`, in the caller's
    transaction. Erasers run before the account itself is anonymised, so they can still
    read the member's email address, and in the reverse order of registration: apps
    register from `ready()` lowest layer first, so an app's eraser runs while what the
    layers below it hold (the profile, with the member's name) is still there."""
    _register(_erasers, name, eraser)


def personal_data_export(user) -> dict[str, Any]:
    return {name: exporter(user) for name, exporter in _exporters.items()}


def personal_data_erase(user) -> list[str]:
    """Run every eraser, the last registered first; returns their names, in the order
    they ran."""
    names = list(reversed(_erasers))
    for name in names:
        _erasers[name](user)
    return names
