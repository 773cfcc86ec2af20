"""The project's audit trail: snapshots of fields as people read them, their differences,
and the append-only entries that record them. Called by projects.services, and by
projects.personaldata when a member leaves with their account."""

import datetime
from collections.abc import Iterable

from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils import timezone
from django.utils.dateformat import format as format_date

from projects.models import HistoryEntry, Project


def display_value(instance: models.Model, name: str) -> str:
    """A field's value as the project page shows it (labels, not codes)."""
    field = instance._meta.get_field(name)
    if field.many_to_many:
        return ", ".join(sorted(str(item) for item in getattr(instance, name).all()))
    value = getattr(instance, name)
    if isinstance(field, ArrayField):
        labels = dict(field.base_field.flatchoices)
        return ", ".join(str(labels.get(item, item)) for item in value or [])
    if field.choices:
        return str(dict(field.flatchoices).get(value, value or ""))
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, datetime.date):
        return format_date(value, "j F Y")
    if isinstance(value, models.Model):
        return str(value)
    return "" if value is None else str(value)


def snapshot(instance: models.Model, names: Iterable[str]) -> dict[str, str]:
    return {name: display_value(instance, name) for name in names}


def differences(
    model: type[models.Model], before: dict[str, str], after: dict[str, str]
) -> list[dict[str, str]]:
    """Each changed field with its label and its before and after values."""
    changes = []
    for name, old in before.items():
        new = after.get(name, "")
        if old != new:
            label = str(model._meta.get_field(name).verbose_name)
            changes.append(
                {"field": name, "label": label[:1].upper() + label[1:], "before": old, "after": new}
            )
    return changes


def record(
    *,
    project: Project,
    by,
    action: str,
    subject: str,
    subject_id: int | None = None,
    label: str = "",
    changes: list[dict[str, str]] | None = None,
) -> HistoryEntry:
    """Append an entry, and mark the project as active now (lists sort by it)."""
    entry = HistoryEntry.objects.create(
        project=project,
        actor=by,
        action=action,
        subject=subject,
        subject_id=subject_id,
        subject_label=label[:300],
        changes=changes or [],
    )
    now = timezone.now()
    Project.objects.filter(pk=project.pk).update(updated_at=now)
    project.updated_at = now
    return entry
