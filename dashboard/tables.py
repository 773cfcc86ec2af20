"""What the city view shows: sections of tables (each with an optional chart), built from the
selectors' figures. The page and the CSV downloads read the same `Table`, so a download
always matches the page."""

from collections.abc import Iterator
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.urls import reverse


@dataclass(frozen=True)
class Cell:
    """A table cell: its text on the page, its value in the CSV (the number itself, without
    separators), and the list behind it when it is a count."""

    text: str
    value: object = None
    url: str = ""
    numeric: bool = False

    @property
    def csv_value(self) -> object:
        return self.text if self.value is None else self.value


def label(text: str) -> Cell:
    return Cell(text)


def count(number: int, url: str = "") -> Cell:
    return Cell(f"{number:,}", number, url, numeric=True)


NO_NUMBER = "\N{EN DASH}"  # a share of nothing


def share(part: int, whole: int) -> Cell:
    """A percentage, whole numbers only; a dash when there is no whole."""
    text = f"{round(100 * part / whole)}%" if whole else NO_NUMBER
    return Cell(text, numeric=True)


def share_rows(groups, whole: int, url) -> tuple[tuple[Cell, Cell, Cell], ...]:
    """A row per group (with `label`, `count` and `key`): its name, its count opening the
    list behind it (`url(key)`), and its share of `whole`."""
    return tuple(
        (label(g.label), count(g.count, url(g.key)), share(g.count, whole)) for g in groups
    )


@dataclass(frozen=True)
class Table:
    slug: str  # unique on the page: the CSV's address and the table's id
    caption: str
    columns: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]

    def __post_init__(self) -> None:
        if any(len(row) != len(self.columns) for row in self.rows):
            raise ValueError(f"table {self.slug}: every row needs one cell per column")

    def csv_rows(self) -> Iterator[list[object]]:
        for row in self.rows:
            yield [cell.csv_value for cell in row]


@dataclass(frozen=True)
class Block:
    """A table, with the chart of the same numbers above it (SVG, or empty) and a note."""

    table: Table
    chart: str = ""
    note: str = ""


@dataclass(frozen=True)
class Section:
    """One panel of the page: a heading, what it counts (which dates and filters apply),
    and its blocks."""

    slug: str
    title: str
    counts: str
    blocks: list[Block] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Links:
    """Addresses of the drill-down lists, carrying the filters' query string."""

    query: str  # the filters, url-encoded

    def _url(self, name: str, by: str, value: str) -> str:
        params = urlencode({"by": by, "value": value} if value else {"by": by})
        query = f"{self.query}&{params}" if self.query else params
        return f"{reverse(name)}?{query}"

    def projects(self, by: str, value: str = "") -> str:
        return self._url("dashboard:projects", by, value)

    def members(self, by: str, value: str = "") -> str:
        return self._url("dashboard:members", by, value)

    def events(self, by: str, value: str = "") -> str:
        return self._url("dashboard:events", by, value)
