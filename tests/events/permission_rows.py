"""Permission-matrix rows for `events/` pages. See tests/matrix.py."""

from tests.matrix import Row

ROWS: dict[str, Row] = {}
