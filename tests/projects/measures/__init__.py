"""Measures with values, made through the services as a team would make them."""

import datetime

from projects.measures import services
from projects.measures.parsing import Parsed, Row
from projects.models import Measure

START = datetime.date(2025, 3, 3)  # a Monday
# Twelve steady weeks then a lasting drop: special cause improvement for a "decrease" measure.
IMPROVING = [10, 11, 9, 10, 12, 10, 9, 11, 10, 11, 9, 10, 6, 5, 6, 5, 6, 5, 6, 5]
# The same, the other way round: special cause concern.
WORSENING = [10, 11, 9, 10, 12, 10, 9, 11, 10, 11, 9, 10, 14, 15, 14, 15, 14, 15, 14, 15]
STEADY = [10, 11, 9, 10, 12, 10, 9, 11, 10, 11, 9, 10, 11, 10]


def weeks(count: int, start: datetime.date = START) -> list[datetime.date]:
    return [start + datetime.timedelta(weeks=index) for index in range(count)]


def make_measure(project, actor, values=(), *, notes=None, **fields) -> Measure:
    """A weekly measure ("decrease" unless told) with `values` from START."""
    data = {
        "name": "Falls with harm", "kind": "outcome", "numerator": "Falls with harm",
        "data_source": "Datix", "improvement": "decrease", "frequency": "weekly", **fields,
    }  # fmt: skip
    measure = services.measure_create(project=project, by=actor, data=data)
    if values:
        notes = notes or {}
        rows = [
            Row(line=i + 1, date=day, value=float(value), note=notes.get(i, ""))
            for i, (day, value) in enumerate(zip(weeks(len(values)), values, strict=True))
        ]
        services.data_points_import(measure=measure, by=actor, parsed=Parsed(rows=rows))
        measure.refresh_from_db()
    return measure
