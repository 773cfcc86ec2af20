"""Permission-matrix rows for `digests/` pages. See tests/matrix.py."""

from tests.matrix import Row

ROWS: dict[str, Row] = {}
