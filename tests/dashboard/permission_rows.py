"""Permission-matrix rows for `dashboard/` pages. See tests/matrix.py."""

from tests.matrix import Row

ROWS: dict[str, Row] = {}
