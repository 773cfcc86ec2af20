"""CSV downloads that spreadsheets cannot turn into formulas."""

import csv
import math
from collections.abc import Iterable, Sequence

from django.http import HttpResponse

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def plain_number(value: float) -> str:
    """A number as it was typed: 12 (not 12.0), 12.5, 0.333."""
    if value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return repr(value)


def safe_cell(value: object) -> str:
    """The value as text; text a spreadsheet would read as a formula gets a leading quote.
    A number is written as a number (a negative one too): it cannot be a formula."""
    if value is None:
        return ""
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, float) and math.isfinite(value):
        return plain_number(value)
    text = str(value)
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text


def csv_response(
    filename: str, header: Sequence[str], rows: Iterable[Sequence[object]]
) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")  # so Excel reads UTF-8
    writer = csv.writer(response)
    writer.writerow([safe_cell(cell) for cell in header])
    for row in rows:
        writer.writerow([safe_cell(cell) for cell in row])
    return response
