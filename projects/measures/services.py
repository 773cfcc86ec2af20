"""Writes to measures, their values and rebases. Each records the project's history and
refreshes the measure's cached SPC reading in the same transaction, so bright spots and
other city-wide pages never read a stale analysis."""

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from itertools import batched
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from core.csvexport import plain_number
from core.errors import ServiceError
from core.wording import uk_date
from projects import history
from projects.measures.charts import describe
from projects.measures.parsing import Parsed, error_messages
from projects.models import DataPoint, HistoryEntry, Measure, Project, Rebase

Action = HistoryEntry.Action

# Measure fields a team edits, in the order the history lists them.
MEASURE_FIELDS = (
    "name", "kind", "numerator", "denominator", "data_source", "inclusions", "unit",
    "improvement", "target", "frequency", "fix_after", "screen_outliers",
)  # fmt: skip
# Changing one of these changes the reading (the unit is in its sentence).
ANALYSIS_FIELDS = {"improvement", "target", "fix_after", "screen_outliers", "unit"}
REFRESH_CHUNK = 2000


# The cached analysis


def measure_analysis_refresh(*, measure_ids: Iterable[int]) -> int:
    """Run the SPC engine on each measure and store its latest reading on the measure's row
    (one UPDATE per chunk of measures, whatever their number). Returns how many."""
    ids = sorted(set(measure_ids))
    for chunk in batched(ids, REFRESH_CHUNK):
        _refresh(chunk)
    return len(ids)


def _refresh(ids: tuple[int, ...]) -> None:
    series: dict[int, tuple[list, list]] = defaultdict(lambda: ([], []))
    points = (
        DataPoint.objects.filter(measure_id__in=ids)
        .order_by("measure_id", "date")
        .values_list("measure_id", "date", "value")
    )
    for measure_id, day, value in points.iterator(chunk_size=10_000):
        dates, values = series[measure_id]
        dates.append(day)
        values.append(value)
    rebases: dict[int, list] = defaultdict(list)
    for measure_id, day in Rebase.objects.filter(measure_id__in=ids).values_list(
        "measure_id", "date"
    ):
        rebases[measure_id].append(day)
    columns: dict[str, list] = defaultdict(list)
    settings = ("pk", "improvement", "target", "fix_after", "screen_outliers", "unit")
    for measure in Measure.objects.filter(pk__in=ids).only(*settings):
        dates, values = series[measure.pk]
        result = measure.analyse(dates, values, rebases[measure.pk])
        columns["id"].append(measure.pk)
        columns["point_count"].append(len(values))
        columns["latest_date"].append(dates[-1] if dates else None)
        columns["latest_value"].append(values[-1] if values else None)
        columns["latest_point_type"].append(result.points[-1].point_type if dates else "")
        columns["variation"].append(result.variation or "")
        columns["assurance"].append(result.assurance or "")
        columns["reading"].append(describe(result, dates, measure.unit))
    if not columns:
        return
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            UPDATE {Measure._meta.db_table} AS m SET
              point_count = v.point_count, latest_date = v.latest_date,
              latest_value = v.latest_value, latest_point_type = v.latest_point_type,
              variation = v.variation, assurance = v.assurance, reading = v.reading,
              analysed_at = %(now)s
            FROM unnest(
              %(id)s::bigint[], %(point_count)s::integer[], %(latest_date)s::date[],
              %(latest_value)s::double precision[], %(latest_point_type)s::text[],
              %(variation)s::text[], %(assurance)s::text[], %(reading)s::text[]
            ) AS v(id, point_count, latest_date, latest_value, latest_point_type, variation,
                   assurance, reading)
            WHERE m.id = v.id
            """,  # noqa: S608 (the table name is ours; every value is a parameter)
            {**columns, "now": timezone.now()},
        )


def _lock(measure: Measure) -> None:
    """Writes to one measure's values take turns, so a date checked as free stays free."""
    Measure.objects.select_for_update().filter(pk=measure.pk).get()


# Measures


def _snapshot(measure: Measure) -> dict[str, str]:
    values = history.snapshot(measure, MEASURE_FIELDS)
    values["target"] = "" if measure.target is None else plain_number(measure.target)
    return values


@transaction.atomic
def measure_create(*, project: Project, by, data: Mapping[str, Any]) -> Measure:
    fields = {name: data[name] for name in MEASURE_FIELDS if name in data}
    measure = Measure.objects.create(project=project, created_by=by, **fields)
    measure_analysis_refresh(measure_ids=[measure.pk])
    history.record(
        project=project, by=by, action=Action.CREATED, subject="measure",
        subject_id=measure.pk, label=measure.name,
    )  # fmt: skip
    measure.refresh_from_db()
    return measure


@transaction.atomic
def measure_update(*, measure: Measure, by, data: Mapping[str, Any]) -> Measure:
    fields = {name: data[name] for name in MEASURE_FIELDS if name in data}
    # The form may have changed the instance in memory: compare with the saved row.
    before = _snapshot(Measure.objects.select_for_update().get(pk=measure.pk))
    for name, value in fields.items():
        setattr(measure, name, value)
    measure.save(update_fields=[*fields, "updated_at"])
    changes = history.differences(Measure, before, _snapshot(measure))
    if not changes:
        return measure
    if {change["field"] for change in changes} & ANALYSIS_FIELDS:
        measure_analysis_refresh(measure_ids=[measure.pk])
        measure.refresh_from_db()
    history.record(
        project=measure.project, by=by, action=Action.CHANGED, subject="measure",
        subject_id=measure.pk, label=measure.name, changes=changes,
    )  # fmt: skip
    return measure


@transaction.atomic
def measure_delete(*, measure: Measure, by) -> None:
    count = measure.points.count()
    history.record(
        project=measure.project, by=by, action=Action.REMOVED, subject="measure",
        subject_id=measure.pk, label=f"{measure.name}, with its {count} value{'s' * (count != 1)}",
    )  # fmt: skip
    measure.delete()


# Values


def _point_label(measure: Measure, point: DataPoint) -> str:
    return f"{measure.name}: {uk_date(point.date)}, {plain_number(point.value)}"


def _point_snapshot(point: DataPoint) -> dict[str, str]:
    return {
        "date": uk_date(point.date),
        "value": plain_number(point.value),
        "note": point.note,
        "pdsa": str(point.pdsa) if point.pdsa_id else "",
    }


def already_there_message(day) -> str:
    return (
        f"{uk_date(day)} already has a value in this measure: change that value instead, "
        "or choose another date"
    )


@transaction.atomic
def data_point_create(*, measure: Measure, by, data: Mapping[str, Any]) -> DataPoint:
    _lock(measure)
    if DataPoint.objects.filter(measure=measure, date=data["date"]).exists():
        raise ServiceError(already_there_message(data["date"]), field="date")
    point = DataPoint.objects.create(
        measure=measure, date=data["date"], value=data["value"], note=data.get("note", ""),
        pdsa=data.get("pdsa"),
    )  # fmt: skip
    measure_analysis_refresh(measure_ids=[measure.pk])
    history.record(
        project=measure.project, by=by, action=Action.ADDED, subject="value",
        subject_id=point.pk, label=_point_label(measure, point),
    )  # fmt: skip
    return point


@transaction.atomic
def data_point_update(*, point: DataPoint, by, data: Mapping[str, Any]) -> DataPoint:
    measure = point.measure
    _lock(measure)
    saved = DataPoint.objects.select_related("pdsa").get(pk=point.pk)
    if (
        data["date"] != saved.date
        and DataPoint.objects.filter(measure=measure, date=data["date"]).exists()
    ):
        raise ServiceError(already_there_message(data["date"]), field="date")
    before = _point_snapshot(saved)
    point.date, point.value = data["date"], data["value"]
    point.note, point.pdsa = data.get("note", ""), data.get("pdsa")
    point.save(update_fields=["date", "value", "note", "pdsa"])
    after = _point_snapshot(point)
    labels = {"date": "Date", "value": "Value", "note": "Note", "pdsa": "PDSA cycle"}
    changes = [
        {"field": name, "label": labels[name], "before": before[name], "after": after[name]}
        for name in labels
        if before[name] != after[name]
    ]
    if changes:
        # The reading comes from dates and values only: a note or a PDSA link leaves it (and
        # the digests that announce new readings) alone.
        if {change["field"] for change in changes} & {"date", "value"}:
            measure_analysis_refresh(measure_ids=[measure.pk])
        history.record(
            project=measure.project, by=by, action=Action.CHANGED, subject="value",
            subject_id=point.pk, label=_point_label(measure, point), changes=changes,
        )  # fmt: skip
    return point


@transaction.atomic
def data_point_delete(*, point: DataPoint, by) -> None:
    measure = point.measure
    _lock(measure)
    history.record(
        project=measure.project, by=by, action=Action.REMOVED, subject="value",
        subject_id=point.pk, label=_point_label(measure, point),
    )  # fmt: skip
    point.delete()
    measure_analysis_refresh(measure_ids=[measure.pk])


@dataclass
class ImportOutcome:
    created: int = 0
    replaced: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def imported(self) -> int:
        return self.created + self.replaced


EXISTING_MESSAGE = (
    '{date} is already in this measure (tick "replace existing values" to overwrite it)'
)


@transaction.atomic
def data_points_import(
    *, measure: Measure, by, parsed: Parsed, replace: bool = False
) -> ImportOutcome:
    """All the rows, or none: every problem (from parsing, and dates the measure already has
    unless `replace`) is returned by line and nothing is saved. Rows are inserted in one
    statement; with `replace`, a row for a date already there overwrites its value and note
    (an upsert) and keeps its PDSA link."""
    _lock(measure)
    problems = list(parsed.problems)
    existing = set(
        DataPoint.objects.filter(
            measure=measure, date__in=[row.date for row in parsed.rows]
        ).values_list("date", flat=True)
    )
    if not replace:
        problems += [
            (row.line, EXISTING_MESSAGE.format(date=uk_date(row.date)))
            for row in parsed.rows
            if row.date in existing
        ]
    if problems:
        return ImportOutcome(errors=error_messages(problems))
    points = [
        DataPoint(measure=measure, date=row.date, value=row.value, note=row.note)
        for row in parsed.rows
    ]
    if replace:
        DataPoint.objects.bulk_create(
            points, update_conflicts=True, unique_fields=["measure", "date"],
            update_fields=["value", "note"],
        )  # fmt: skip
    else:
        DataPoint.objects.bulk_create(points)
    outcome = ImportOutcome(created=len(points) - len(existing), replaced=len(existing))
    measure_analysis_refresh(measure_ids=[measure.pk])
    label = f"{measure.name}: imported {outcome.imported} value{'s' * (outcome.imported != 1)}"
    if outcome.replaced:
        label += f", {outcome.replaced} of them replacing earlier values"
    history.record(
        project=measure.project, by=by, action=Action.ADDED, subject="values",
        subject_id=measure.pk, label=label,
    )  # fmt: skip
    return outcome


# Rebases


@transaction.atomic
def rebase_create(*, measure: Measure, by, data: Mapping[str, Any]) -> Rebase:
    _lock(measure)
    if Rebase.objects.filter(measure=measure, date=data["date"]).exists():
        raise ServiceError(
            f"The limits are already recalculated from {uk_date(data['date'])}", field="date"
        )
    rebase = Rebase.objects.create(
        measure=measure, date=data["date"], reason=data["reason"], pdsa=data.get("pdsa"),
        change_idea=data.get("change_idea"), created_by=by,
    )  # fmt: skip
    measure_analysis_refresh(measure_ids=[measure.pk])
    history.record(
        project=measure.project, by=by, action=Action.ADDED, subject="rebase",
        subject_id=rebase.pk, label=f"{measure.name}: from {uk_date(rebase.date)}, "
        f"{rebase.reason}",
    )  # fmt: skip
    return rebase


@transaction.atomic
def rebase_delete(*, rebase: Rebase, by) -> None:
    measure = rebase.measure
    _lock(measure)
    history.record(
        project=measure.project, by=by, action=Action.REMOVED, subject="rebase",
        subject_id=rebase.pk, label=f"{measure.name}: from {uk_date(rebase.date)}, "
        f"{rebase.reason}",
    )  # fmt: skip
    rebase.delete()
    measure_analysis_refresh(measure_ids=[measure.pk])
