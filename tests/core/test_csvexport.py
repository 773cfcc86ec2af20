import csv
import io

import pytest

from core.csvexport import csv_response, safe_cell


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ('=HYPERLINK("http://evil")', '\'=HYPERLINK("http://evil")'),
        ("+44 113", "'+44 113"),
        ("-2", "'-2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tTab", "'\tTab"),
        ("\rReturn", "'\rReturn"),
        ("Falls project", "Falls project"),
        (None, ""),
        (3, "3"),
        (-2, "-2"),
        (-2.5, "-2.5"),
        (12.0, "12"),
        (0.1, "0.1"),
    ],
)
def test_cells_that_would_be_formulas_are_escaped(value, expected):
    assert safe_cell(value) == expected


def test_csv_response_is_a_utf8_download_with_safe_cells():
    response = csv_response("projects.csv", ["Title", "Lead"], [["=1+1", "Siân Jones"]])
    assert response["Content-Disposition"] == 'attachment; filename="projects.csv"'
    text = response.content.decode("utf-8-sig")
    assert list(csv.reader(io.StringIO(text))) == [["Title", "Lead"], ["'=1+1", "Siân Jones"]]
