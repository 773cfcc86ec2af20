"""Forms for events. They validate only; views pass what they clean to `services`."""

import datetime
import re

from django import forms
from django.core.validators import validate_email
from django.db.models import QuerySet
from django.utils import timezone

from champions.models import ClinicalArea, Skill, User
from core.forms import NHSDateField
from core.patientdata import PatientDataGuardMixin
from core.wording import long_date
from events.models import MAX_CAPACITY, Event, Registration
from events.selectors import EventFilters
from events.times import NonexistentTime, day_end, day_start, local, london_datetime
from projects.models import ChangeIdea

TIME_FORMATS = ["%H:%M", "%H.%M", "%I:%M%p", "%I.%M%p", "%I:%M %p", "%I%p", "%I %p"]
MAX_FACILITATORS = 10


def _number_input(width: int) -> forms.TextInput:
    # NHS.UK asks for text inputs with a numeric keyboard rather than type="number".
    return forms.TextInput(attrs={"inputmode": "numeric", "class": f"nhsuk-input--width-{width}"})


def time_field(label: str) -> forms.TimeField:
    return forms.TimeField(
        label=label,
        help_text="On the clocks in Leeds, for example 09:30 or 14:00",
        input_formats=TIME_FORMATS,
        widget=forms.TextInput(attrs={"class": "nhsuk-input--width-5", "autocomplete": "off"}),
        error_messages={
            "required": f"Enter the {label.lower()}",
            "invalid": f"Enter the {label.lower()} as hours and minutes, like 09:30 or 14:00",
        },
    )


def capacity_field() -> forms.IntegerField:
    return forms.IntegerField(
        label="Number of places",
        min_value=1,
        max_value=MAX_CAPACITY,
        widget=_number_input(4),
        error_messages={
            "required": "Enter the number of places",
            "invalid": "The number of places must be a whole number, like 20",
            "min_value": "The number of places must be 1 or more",
            "max_value": f"The number of places must be {MAX_CAPACITY} or fewer",
        },
    )


def _text(
    label: str, max_length: int, *, required: str = "", name: str = "", **kwargs
) -> forms.CharField:
    """A text field; `required` is the message for an empty one (empty: optional), and
    `name` what the length message calls it (the label, by default)."""
    name = name or label
    return forms.CharField(
        label=label,
        max_length=max_length,
        required=bool(required),
        error_messages={
            "required": required,
            "max_length": f"{name} must be {max_length} characters or fewer",
        },
        **kwargs,
    )


class EventForm(PatientDataGuardMixin, forms.Form):
    """An event's details. `instance` is the event being edited (None for a new one)."""

    title = _text("Title", 200, required="Enter a title")
    kind = forms.ChoiceField(
        label="Type of event",
        choices=Event.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose the type of event",
            "invalid_choice": "Choose the type of event",
        },
    )
    description = _text(
        "Description",
        5000,
        required="Enter a description",
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="What people will do and take away, and who it is for",
    )
    facilitators = _text(
        "Facilitators",
        2000,
        required="Enter at least one facilitator's email address",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Their email addresses, one on each line",
    )
    date = NHSDateField(label="Date", help_text="For example, 24 10 2026")
    start_time = time_field("Start time")
    end_time = time_field("End time")
    format = forms.ChoiceField(
        label="Where it happens",
        choices=Event.Format.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose where the event happens",
            "invalid_choice": "Choose where the event happens",
        },
    )
    venue = _text("Venue", 200, help_text="For in-person and hybrid events")
    address = _text("Address", 500, help_text="Including the postcode")
    accessibility_notes = _text(
        "Accessibility",
        2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Step-free access, hearing loop, quiet room, parking, nearest bus stop",
    )
    joining_link = forms.URLField(
        label="Joining link",
        required=False,
        max_length=500,
        assume_scheme="https",
        help_text="For online and hybrid events. Only members with a confirmed place see it.",
        error_messages={
            "invalid": "Enter the joining link as a web address, like https://teams.microsoft.com/…",
            "max_length": "The joining link must be 500 characters or fewer",
        },
    )
    capacity = capacity_field()
    registration_opens = NHSDateField(
        label="Booking opens (optional)",
        required=False,
        help_text="Leave empty to open bookings as soon as the event is published",
    )
    registration_closes = NHSDateField(
        label="Booking closes (optional)",
        required=False,
        help_text=(
            "At the end of that day, or at the start of the event if sooner. Leave empty to "
            "take bookings until the event starts."
        ),
    )
    audience = forms.ChoiceField(
        label="Who can book",
        choices=Event.Audience.choices,
        initial=Event.Audience.ALL,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose who can book",
            "invalid_choice": "Choose who can book",
        },
    )
    cohort_year = forms.IntegerField(
        label="Programme cohort year (optional)",
        required=False,
        min_value=2000,
        max_value=2100,
        widget=_number_input(4),
        help_text="For a Professional Leadership and Change Programme cohort, like 2026. "
        "Leave empty for every cohort.",
        error_messages={
            "invalid": "The cohort year must be a year, like 2026",
            "min_value": "The cohort year must be a year, like 2026",
            "max_value": "The cohort year must be a year, like 2026",
        },
    )
    clinical_areas = forms.ModelMultipleChoiceField(
        label="Clinical areas covered (optional)",
        queryset=ClinicalArea.objects.filter(is_active=True),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Choose clinical areas from the list"},
    )
    skills = forms.ModelMultipleChoiceField(
        label="Improvement skills covered (optional)",
        queryset=Skill.objects.filter(is_active=True),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Choose skills from the list"},
    )

    def __init__(self, *args, instance: Event | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.instance = instance

    @classmethod
    def initial_for(cls, event: Event) -> dict:
        starts, ends = local(event.starts_at), local(event.ends_at)
        return {
            **{name: getattr(event, name) for name in EVENT_FIELDS if name in cls.base_fields},
            "date": starts.date(),
            "start_time": starts.time(),
            "end_time": ends.time(),
            "registration_opens": event.registration_opens_at
            and local(event.registration_opens_at).date(),
            "registration_closes": event.registration_closes_at
            and local(event.registration_closes_at).date(),
            "facilitators": "\n".join(user.email for user in event.facilitators.all()),
            "clinical_areas": list(event.clinical_areas.all()),
            "skills": list(event.skills.all()),
        }

    def clean_facilitators(self) -> list[User]:
        entered = [part for part in re.split(r"[\s,;]+", self.cleaned_data["facilitators"]) if part]
        if not entered:
            raise forms.ValidationError("Enter at least one facilitator's email address")
        emails = list(dict.fromkeys(address.lower() for address in entered))
        if len(emails) > MAX_FACILITATORS:
            raise forms.ValidationError(f"Enter {MAX_FACILITATORS} facilitators or fewer")
        for address in emails:
            try:
                validate_email(address)
            except forms.ValidationError:
                raise forms.ValidationError(
                    f"“{address}” is not an email address. Enter one address on each line"
                ) from None
        found = {user.email: user for user in User.objects.filter(email__in=emails, is_active=True)}
        unknown = [address for address in emails if address not in found]
        if unknown:
            raise forms.ValidationError(
                f"No member has the email address {', '.join(unknown)}. Check it, or ask them "
                "to create an account first"
            )
        return [found[address] for address in emails]

    def _when(self, day: datetime.date, at: datetime.time, field: str) -> datetime.datetime | None:
        try:
            return london_datetime(day, at)
        except NonexistentTime:
            self.add_error(
                field,
                f"There is no {at:%H:%M} on {long_date(day)} in Leeds: the clocks go "
                "forward an hour at 1am. Choose another time",
            )
            return None

    def clean(self) -> dict:
        data = super().clean()
        day, start, end = data.get("date"), data.get("start_time"), data.get("end_time")
        starts_at = ends_at = None
        if day and start and end:
            starts_at = self._when(day, start, "start_time")
            ends_at = self._when(day, end, "end_time")
        if starts_at and ends_at:
            if ends_at <= starts_at:
                self.add_error("end_time", "The end time must be after the start time")
            moved = self.instance is None or self.instance.starts_at != starts_at
            if moved and starts_at <= timezone.now():
                self.add_error("date", "The event must start in the future")
        data["starts_at"], data["ends_at"] = starts_at, ends_at

        event_format = data.get("format")
        if event_format in {Event.Format.IN_PERSON, Event.Format.HYBRID} and not data.get("venue"):
            self.add_error("venue", "Enter the venue")
        # What does not apply to the chosen format is not kept (it stays on the page if the
        # form comes back with errors).
        if event_format == Event.Format.IN_PERSON:
            data["joining_link"] = ""
        elif event_format == Event.Format.ONLINE:
            data["venue"] = data["address"] = ""
        if data.get("audience") != Event.Audience.PLCP:
            data["cohort_year"] = None
        self._clean_booking_window(data, day, starts_at)
        return data

    def _clean_booking_window(self, data: dict, day, starts_at) -> None:
        opens, closes = data.get("registration_opens"), data.get("registration_closes")
        data["registration_opens_at"] = opens and day_start(opens)
        data["registration_closes_at"] = closes and day_end(closes)
        if not (day and starts_at):
            return
        if closes and closes > day:
            self.add_error(
                "registration_closes", "Booking must close on or before the event's date"
            )
            return
        if closes:
            data["registration_closes_at"] = min(day_end(closes), starts_at)
        if opens and opens > day:
            self.add_error("registration_opens", "Booking must open on or before the event's date")
        elif opens and data["registration_opens_at"] >= (
            data["registration_closes_at"] or starts_at
        ):
            self.add_error("registration_opens", "Booking must open before it closes")

    def event_fields(self) -> dict:
        """The cleaned values as Event fields, for `services.event_create/update`."""
        return {name: self.cleaned_data[name] for name in EVENT_FIELDS}


EVENT_FIELDS = (
    "title",
    "kind",
    "description",
    "starts_at",
    "ends_at",
    "format",
    "venue",
    "address",
    "accessibility_notes",
    "joining_link",
    "capacity",
    "registration_opens_at",
    "registration_closes_at",
    "audience",
    "cohort_year",
)


class BookingForm(PatientDataGuardMixin, forms.Form):
    project = _text(
        "Which project will you bring? (optional)",
        1000,
        name="Your answer",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Its name and a line about it, so we can plan the conversations",
    )
    learning = _text(
        "What do you want to learn? (optional)",
        1000,
        name="Your answer",
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    access = _text(
        "Do you have any access requirements? (optional)",
        1000,
        name="Your answer",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example, step-free access, a hearing loop, dietary needs or breaks",
    )


class CapacityForm(forms.Form):
    capacity = capacity_field()


class CancelEventForm(PatientDataGuardMixin, forms.Form):
    message = _text(
        "Message to everyone booked (optional)",
        2000,
        name="The message",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Why it is cancelled, and whether it will be rearranged",
    )


class DuplicateForm(forms.Form):
    first_date = NHSDateField(label="Date of the first copy", help_text="For example, 24 10 2026")
    copies = forms.IntegerField(
        label="How many copies",
        min_value=1,
        max_value=26,
        initial=1,
        widget=_number_input(2),
        error_messages={
            "required": "Enter how many copies to make",
            "invalid": "Enter how many copies as a number, like 4",
            "min_value": "Make at least 1 copy",
            "max_value": "Make 26 copies or fewer at a time",
        },
    )
    every_weeks = forms.TypedChoiceField(
        label="How often",
        choices=[(1, "Every week"), (2, "Every 2 weeks"), (4, "Every 4 weeks")],
        coerce=int,
        initial=1,
        widget=forms.RadioSelect,
        help_text="For more than one copy",
        error_messages={
            "required": "Choose how often",
            "invalid_choice": "Choose how often",
        },
    )

    def clean_first_date(self) -> datetime.date:
        first = self.cleaned_data["first_date"]
        if first <= local(timezone.now()).date():
            raise forms.ValidationError("The date must be in the future")
        return first


class AttendanceForm(forms.Form):
    status = forms.ChoiceField(
        choices=[
            (Registration.Status.ATTENDED, "Attended"),
            (Registration.Status.NO_SHOW, "Did not attend"),
        ]
    )


class AddMemberForm(forms.Form):
    user = forms.ModelChoiceField(
        queryset=User.objects.filter(is_active=True),
        widget=forms.HiddenInput,
        error_messages={"invalid_choice": "That member could not be found"},
    )


class ShowcaseProjectForm(forms.Form):
    """A project to add to or remove from an event's showcase; `q` is the search to go
    back to."""

    project = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    q = forms.CharField(required=False, max_length=100)


class ReflectionForm(PatientDataGuardMixin, forms.Form):
    learned = _text(
        "What did you learn?",
        2000,
        required="Enter what you learned",
        name="Your reflection",
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="A few lines are enough: what struck you, what you will remember",
    )
    change_idea = _text(
        "One small test of change I will try (optional)",
        1000,
        name="Your test of change",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Something small you could try next week, with a few people, and learn from",
    )
    anonymous = forms.BooleanField(
        label="Share my reflection with the facilitators without my name", required=False
    )


class ChangeIdeaChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: ChangeIdea) -> str:
        return obj.text


class CommitmentPdsaForm(forms.Form):
    """Which change idea a member's test of change becomes a PDSA cycle of: one of the
    projects they may edit (`ideas`, asked of the database again when the form is sent)."""

    change_idea = ChangeIdeaChoiceField(
        label="Which change idea will you test?",
        queryset=ChangeIdea.objects.none(),
        widget=forms.RadioSelect(attrs={"class": "nhsuk-radios__input"}),
        error_messages={
            "required": "Choose the change idea you will test",
            "invalid_choice": "Choose a change idea of a project you are in the team of",
        },
    )

    def __init__(self, *args, ideas: QuerySet[ChangeIdea], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["change_idea"].queryset = ideas


# The events list's filter forms as rendered, by their choices and data (see
# `EventFilterForm.render`): at most RENDERED_KEPT, so odd query strings cannot fill memory.
_RENDERED: dict[tuple, str] = {}
RENDERED_KEPT = 200


class EventFilterForm(forms.Form):
    """The upcoming events list's filters (GET). An unknown value is an error and is
    ignored, so the list still shows."""

    kind = forms.ChoiceField(
        label="Type",
        required=False,
        choices=[("", "All types"), *Event.Kind.choices],
        error_messages={"invalid_choice": "Choose a type of event from the list"},
    )
    topic = forms.ChoiceField(
        label="Topic",
        required=False,
        error_messages={"invalid_choice": "Choose a topic from the list"},
    )
    format = forms.ChoiceField(
        label="In person or online",
        required=False,
        choices=[
            ("", "In person or online"),
            (Event.Format.IN_PERSON, "In person"),
            (Event.Format.ONLINE, "Online"),
        ],
        error_messages={"invalid_choice": "Choose in person or online"},
    )
    places = forms.BooleanField(label="Only events with places left", required=False)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        areas = ClinicalArea.objects.filter(is_active=True).values_list("slug", "name")
        skills = Skill.objects.filter(is_active=True).values_list("slug", "name")
        self.fields["topic"].choices = [
            ("", "All topics"),
            ("Clinical areas", [(f"area:{slug}", name) for slug, name in areas]),
            ("Improvement skills", [(f"skill:{slug}", name) for slug, name in skills]),
        ]

    def render(self, template_name=None, context=None, renderer=None):
        """The form's HTML, made once per process for each set of choices and data: the
        same for every member who filters the same way, and about a fifth of the list
        page's time to make (mostly the topic list's fifty options). The key holds
        everything the HTML depends on (the topics read from the database, and the data,
        which decides the values shown and the errors), so it is never stale."""
        if template_name or context or renderer:
            return super().render(template_name, context, renderer)
        data = self.data.lists() if hasattr(self.data, "lists") else self.data.items()
        key = (self.is_bound, repr(sorted(data)), repr(self.fields["topic"].choices))
        html = _RENDERED.get(key)
        if html is None:
            html = super().render()
            if len(_RENDERED) >= RENDERED_KEPT:
                _RENDERED.clear()
            _RENDERED[key] = html
        return html

    __str__ = render  # as Django's forms do: `{{ form }}` calls these
    __html__ = render

    def filters(self) -> EventFilters:
        """The valid filters chosen (none for an unbound form)."""
        if not self.is_bound:
            return EventFilters()
        self.is_valid()
        data = self.cleaned_data
        kind, _, slug = (data.get("topic") or "").partition(":")
        return EventFilters(
            kind=data.get("kind") or "",
            clinical_area=slug if kind == "area" else "",
            skill=slug if kind == "skill" else "",
            format=data.get("format") or "",
            with_places=bool(data.get("places")),
        )
