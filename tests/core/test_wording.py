"""Dates and numbers as the NHS.UK content style writes them (core.wording)."""

import datetime

from core.wording import format_value, long_date, month_label, short_date, uk_date


def test_uk_dates_and_numbers():
    assert long_date(datetime.date(2026, 3, 3)) == "3 March 2026"
    assert short_date(datetime.date(2026, 3, 3)) == "3 Mar 2026"
    assert month_label(datetime.date(2026, 3, 1)) == "Mar 2026"
    assert uk_date(datetime.date(2026, 3, 3)) == "03/03/2026"
    assert format_value(42.123) == "42.1"
    assert format_value(0.4234) == "0.423"
    assert format_value(1234.6) == "1,235"
    assert format_value(10.0, "minutes") == "10 minutes"
    assert format_value(95.0, "%") == "95%"
    assert format_value(-0.0001) == "0"
