"""Permission-matrix rows for `projects/` pages. See tests/matrix.py."""

from tests.matrix import Row

ROWS: dict[str, Row] = {}
