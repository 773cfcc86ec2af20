"""What a page shows of a measure: its SPC chart as inline SVG (role="img", a title and a
description), the variation and assurance icons, the reading in a sentence, the numbered
notes under the chart and the same data as a table, for those who cannot see the chart."""

from dataclasses import dataclass, field
from datetime import date

from django.utils.safestring import SafeString, mark_safe

from core.csvexport import plain_number
from projects.measures.charts import (
    RULE_NAMES,
    TYPE_NAMES,
    annotation_numbers,
    describe,
    format_value,
    render_chart,
)
from projects.measures.icons import icon_svg
from projects.measures.spc import SpcResult
from projects.models import DataPoint, Measure, PointType, Rebase

ICON_SIZE = 48


@dataclass(frozen=True)
class Note:
    number: int
    date: date
    text: str


@dataclass(frozen=True)
class TableRow:
    pk: int
    date: date
    value: str
    mean: str
    lower_limit: str
    upper_limit: str
    reading: str
    note: str
    rebase: str  # why the limits are recalculated from this point, if they are


@dataclass
class MeasureView:
    measure: Measure
    result: SpcResult
    chart: SafeString
    reading: str
    icons: list[SafeString] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    rows: list[TableRow] = field(default_factory=list)
    rebases: list[Rebase] = field(default_factory=list)

    @property
    def is_concern(self) -> bool:
        return bool(self.result.points) and (self.result.points[-1].point_type == PointType.CONCERN)


def point_annotation(point: DataPoint) -> str:
    """A point's note and the PDSA cycle it belongs to, as the chart and its notes show it."""
    parts = []
    if point.pdsa_id is not None:
        parts.append(f"PDSA {point.pdsa.number}: {point.pdsa.objective}")
    if point.note:
        parts.append(point.note)
    return "; ".join(parts)


def rebase_reason(rebase: Rebase) -> str:
    if rebase.pdsa_id is not None:
        return f"{rebase.reason} (PDSA {rebase.pdsa.number}: {rebase.pdsa.objective})"
    if rebase.change_idea_id is not None:
        return f"{rebase.reason} (change idea: {rebase.change_idea.text})"
    return rebase.reason


def _optional(value: float | None, unit: str) -> str:
    return "" if value is None else format_value(value, unit)


def measure_view(measure: Measure) -> MeasureView:
    """The view of a measure loaded by `selectors.with_data` (its `point_list` and
    `rebase_list`): the engine runs once, on this measure's values only."""
    points: list[DataPoint] = measure.point_list
    rebases: list[Rebase] = measure.rebase_list
    dates = [point.date for point in points]
    result = measure.analyse(dates, [point.value for point in points], [r.date for r in rebases])
    annotations = {
        index: text for index, point in enumerate(points) if (text := point_annotation(point))
    }
    reasons: dict[int, str] = {}
    for segment in result.segments[1:]:
        reasons[segment.start] = "; ".join(
            rebase_reason(rebase)
            for rebase in rebases
            if dates[segment.start - 1] < rebase.date <= dates[segment.start]
        )
    chart = render_chart(
        result,
        dates,
        title=measure.name,
        unit=measure.unit,
        annotations=annotations,
        rebase_reasons=reasons,
        chart_id=f"measure-{measure.pk}-chart",
    )
    icons = [
        icon_svg(name, size=ICON_SIZE, id_prefix=f"measure-{measure.pk}-icon")
        for name in (result.variation, result.assurance)
        if name
    ]
    numbers = annotation_numbers(annotations)
    view = MeasureView(
        measure=measure,
        result=result,
        # Our own SVG: every text in it is escaped by projects.measures.charts and .icons.
        chart=mark_safe(chart),  # noqa: S308
        reading=describe(result, dates, measure.unit),
        icons=[mark_safe(icon) for icon in icons],  # noqa: S308
        notes=[Note(numbers[i], dates[i], annotations[i]) for i in sorted(annotations)],
        rebases=rebases,
    )
    for index, (point, spc) in enumerate(zip(points, result.points, strict=True)):
        reading = TYPE_NAMES[spc.point_type]
        if spc.rule is not None:
            reading += f": {RULE_NAMES[spc.rule]}"
        view.rows.append(
            TableRow(
                pk=point.pk,
                date=point.date,
                value=plain_number(point.value),
                mean=format_value(spc.mean, measure.unit),
                lower_limit=_optional(spc.lower_limit, measure.unit),
                upper_limit=_optional(spc.upper_limit, measure.unit),
                reading=reading[:1].upper() + reading[1:],
                note=annotations.get(index, ""),
                rebase=reasons.get(index, ""),
            )
        )
    return view


def measure_views(measures: list[Measure]) -> list[MeasureView]:
    return [measure_view(measure) for measure in measures]
