"""Factories for events: a published in-person event a fortnight away, and registrations."""

import datetime

import factory
from django.utils import timezone

from events.models import Event, Registration
from tests.factories import UserFactory


def in_days(days: int, hour: int = 10, minute: int = 0) -> datetime.datetime:
    """`hour:minute` in Leeds, `days` from today."""
    today = timezone.localdate()
    return timezone.make_aware(
        datetime.datetime.combine(
            today + datetime.timedelta(days=days), datetime.time(hour, minute)
        )
    )


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Measurement for improvement workshop {n}")
    kind = Event.Kind.WORKSHOP
    description = "Plot the dots: run charts and SPC for your own project's data."
    starts_at = factory.LazyFunction(lambda: in_days(14))
    ends_at = factory.LazyAttribute(lambda event: event.starts_at + datetime.timedelta(hours=2))
    format = Event.Format.IN_PERSON
    venue = "Leeds Civic Hall"
    address = "Calverley Street, Leeds LS1 1UR"
    accessibility_notes = "Step-free entrance on Portland Crescent; hearing loop in the room."
    capacity = 20
    status = Event.Status.PUBLISHED
    published_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def facilitators(event, create, extracted, **kwargs):
        if create and extracted:
            event.facilitators.set(extracted)


class RegistrationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Registration

    event = factory.SubFactory(EventFactory)
    user = factory.SubFactory(UserFactory)
    status = Registration.Status.CONFIRMED
