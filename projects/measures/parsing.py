"""Values pasted or uploaded as rows of `date, value[, note]`, read in one pass.

Rows may be typed, pasted from a spreadsheet (tab-separated: a grid) or uploaded as a CSV
file (Excel-style quoting, UTF-8 with or without a byte-order mark). A header row is
optional. Dates are UK (03/03/2026, 3/3/2026, 03-03-2026, 3 March 2026, March 2026 for a
monthly value) or ISO (2026-03-03). Every bad row is reported with its line number and what
is wrong with it; the caller saves nothing unless there are no errors.
"""

import csv
import datetime
import io
import re
from dataclasses import dataclass, field

from core.forms import MONTH_NAMES
from core.patientdata import contains_nhs_number
from core.wording import uk_date

MAX_ROWS = 10_000
MAX_NOTE = 300
MAX_FILE_BYTES = 2 * 1024 * 1024
LARGEST_VALUE = 1e12
ZIP_MAGIC = b"PK\x03\x04"  # an .xlsx workbook is a zip file

_TIME = r"(?:[ T]00:00(?::00)?)?"  # spreadsheets add a midnight time to dates
_UK = re.compile(rf"^(\d{{1,2}})[/.-](\d{{1,2}})[/.-](\d{{4}}){_TIME}$")
_UK_SHORT_YEAR = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{2})$")
_ISO = re.compile(rf"^(\d{{4}})-(\d{{1,2}})-(\d{{1,2}}){_TIME}$")
_DAY_MONTH_NAME = re.compile(r"^(\d{1,2})(?:st|nd|rd|th)?[ -]([A-Za-z]+)\.?[ -](\d{4})$")
_MONTH_NAME = re.compile(r"^([A-Za-z]+)\.?[ -](\d{4})$")
# 1234, 1,234.5, -0.25, .5; thousands separators only in threes.
_NUMBER = re.compile(r"^[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)?(?:\.\d+)?$")


class UnreadableFile(ValueError):
    """The upload is not a text file we can read; the message says what to do."""


@dataclass(frozen=True, slots=True)
class Row:
    line: int
    date: datetime.date
    value: float
    note: str


@dataclass
class Parsed:
    rows: list[Row] = field(default_factory=list)
    # (line, message) pairs; line 0 for a problem with the whole text.
    problems: list[tuple[int, str]] = field(default_factory=list)

    def add(self, line: int, message: str) -> None:
        self.problems.append((line, message))


def error_messages(problems: list[tuple[int, str]]) -> list[str]:
    """The problems in line order, as people read them: `Line 7: "31/02/2026" is not ...`."""
    return [
        message if line == 0 else f"Line {line}: {message}"
        for line, message in sorted(problems, key=lambda problem: problem[0])
    ]


def read_upload(data: bytes) -> str:
    """The text of an uploaded CSV file."""
    if len(data) > MAX_FILE_BYTES:
        raise UnreadableFile(
            f"The file must be smaller than {MAX_FILE_BYTES // (1024 * 1024)} MB: import it in "
            "parts"
        )
    if data.startswith(ZIP_MAGIC):
        raise UnreadableFile(
            'The file is an Excel workbook: save it as "CSV UTF-8 (Comma delimited)" and choose '
            "that file"
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UnreadableFile(
            'The file is not saved as UTF-8: in Excel, save it as "CSV UTF-8 (Comma delimited)"'
        ) from None
    if "\x00" in text:
        raise UnreadableFile("The file is not a CSV file: choose a .csv file")
    return text


def parse_date(text: str) -> datetime.date:
    """A UK or ISO date; ValueError with the reason otherwise."""
    text = text.strip()
    if match := _UK.match(text):
        day, month, year = match.groups()
    elif match := _ISO.match(text):
        year, month, day = match.groups()
    elif match := _DAY_MONTH_NAME.match(text):
        day, name, year = match.groups()
        month = MONTH_NAMES.get(name.lower())
        if month is None:
            raise ValueError(f'"{text}" is not a date: use dd/mm/yyyy, like 03/03/2026')
    elif match := _MONTH_NAME.match(text):
        name, year = match.groups()
        month = MONTH_NAMES.get(name.lower())
        if month is None:
            raise ValueError(f'"{text}" is not a date: use dd/mm/yyyy, like 03/03/2026')
        day = 1
    elif _UK_SHORT_YEAR.match(text):
        raise ValueError(f'"{text}" needs a 4-digit year, like 03/03/2026')
    else:
        raise ValueError(f'"{text}" is not a date: use dd/mm/yyyy, like 03/03/2026')
    try:
        return datetime.date(int(year), int(month), int(day))
    except ValueError:
        raise ValueError(f'"{text}" is not a real date') from None


def parse_value(text: str) -> float:
    """A number as people type it: 12, 12.5, 1,234, 85% (for a percentage); a minus sign
    may be a hyphen or the true minus sign."""
    cleaned = text.strip().replace("\u2212", "-").removesuffix("%").strip()
    if not cleaned or not _NUMBER.match(cleaned) or not re.search(r"\d", cleaned):
        raise ValueError(f'"{text.strip()}" is not a number')
    value = float(cleaned.replace(",", ""))
    if abs(value) > LARGEST_VALUE:
        raise ValueError(f'"{text.strip()}" is too large')
    return value + 0.0  # no negative zero


def _is_date(text: str) -> bool:
    try:
        parse_date(text)
    except ValueError:
        return False
    return True


def _is_number(text: str) -> bool:
    try:
        parse_value(text)
    except ValueError:
        return False
    return True


def _is_header(cells: list[str]) -> bool:
    """A first row of labels: no cell is a date or a number, and the first has a letter."""
    filled = [cell for cell in cells if cell.strip()]
    return (
        bool(filled)
        and re.search(r"[A-Za-z]", cells[0]) is not None
        and not any(_is_date(cell) or _is_number(cell) for cell in filled)
    )


def _columns(header: list[str]) -> tuple[int, int, int | None] | None:
    """Where the date, value and note are, when the header names them."""
    names = [cell.strip().lower() for cell in header]
    if "date" not in names or "value" not in names:
        return None
    note = names.index("note") if "note" in names else None
    return names.index("date"), names.index("value"), note


def _cells(cells: list[str], columns: tuple[int, int, int | None] | None) -> list[str]:
    """[date, value, note]: named columns, or the first two and the rest as the note (so a
    note typed with commas in it needs no quotes)."""
    if columns is None:
        date_text, value_text = (cell.strip() for cell in [*cells, "", ""][:2])
        return [
            date_text,
            value_text,
            ", ".join(cell.strip() for cell in cells[2:] if cell.strip()),
        ]
    date_at, value_at, note_at = columns

    def at(index: int | None) -> str:
        return cells[index].strip() if index is not None and index < len(cells) else ""

    return [at(date_at), at(value_at), at(note_at)]


def parse_rows(text: str, *, latest_date: datetime.date, source: str = "what you pasted") -> Parsed:
    """Every row of `text` read, or the reason it cannot be. `latest_date` is the last date
    a value may have (a date far in the future is a typo); `source` names the text in
    messages ("what you pasted", "the file")."""
    parsed = Parsed()
    delimiter = "\t" if "\t" in text else ","
    reader = csv.reader(
        io.StringIO(text, newline=""), delimiter=delimiter, strict=True, skipinitialspace=True
    )
    seen_dates: set[datetime.date] = set()
    columns = None
    first = True
    count = 0
    line = 1
    while True:
        try:
            record = next(reader)
        except StopIteration:
            break
        except csv.Error:
            parsed.add(line, "the quotation marks do not match")
            break
        if any(cell.strip() for cell in record):
            if first and _is_header(record):
                columns = _columns(record)
            else:
                count += 1
                if count > MAX_ROWS:
                    too_many = f"There are more than {MAX_ROWS:,} rows: import them in parts"
                    return Parsed(problems=[(0, too_many)])
                _read_row(parsed, line, record, columns, latest_date, seen_dates, source)
            first = False
        line = reader.line_num + 1
    if not count:
        parsed.add(0, "There are no values to import: each row needs a date and a value")
    return parsed


def _read_row(
    parsed: Parsed,
    line: int,
    record: list[str],
    columns: tuple[int, int, int | None] | None,
    latest_date: datetime.date,
    seen_dates: set[datetime.date],
    source: str,
) -> None:
    if contains_nhs_number(" ".join(record)):
        parsed.add(
            line,
            "this looks like an NHS number: do not enter patient-identifiable information",
        )
        return
    date_text, value_text, note = _cells(record, columns)
    problems_before = len(parsed.problems)
    day = None
    if not date_text:
        parsed.add(line, "the date is missing")
    else:
        try:
            day = parse_date(date_text)
        except ValueError as error:
            parsed.add(line, str(error))
    if day is not None and day > latest_date:
        parsed.add(line, f"{uk_date(day)} is more than a year ahead: check the year")
        day = None
    value = None
    if not value_text:
        parsed.add(line, "the value is missing")
    else:
        try:
            value = parse_value(value_text)
        except ValueError as error:
            parsed.add(line, str(error))
    if len(note) > MAX_NOTE:
        parsed.add(line, f"the note is longer than {MAX_NOTE} characters")
    if day is not None:
        if day in seen_dates:
            parsed.add(line, f"{uk_date(day)} appears twice in {source}")
        else:
            seen_dates.add(day)
    if len(parsed.problems) == problems_before and day is not None and value is not None:
        parsed.rows.append(Row(line=line, date=day, value=value, note=note))
