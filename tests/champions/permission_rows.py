"""Permission-matrix rows for `champions/` pages. See tests/matrix.py."""

from tests.matrix import Row

ROWS: dict[str, Row] = {}
