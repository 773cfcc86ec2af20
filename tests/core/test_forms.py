"""The NHS.UK form renderer, its error summary and the NHS.UK date field."""

import datetime
from html.parser import HTMLParser

import pytest
from django import forms
from django.forms.renderers import get_default_renderer
from django.template import Context, Template

from core.forms import NHSDateField, NHSDateInput, NHSFormRenderer
from core.templatetags.nhsuk import component_for_widget


class Element:
    def __init__(self, tag: str, attrs: dict[str, str | None]) -> None:
        self.tag = tag
        self.attrs = attrs
        self.text = ""

    @property
    def classes(self) -> set[str]:
        return set((self.attrs.get("class") or "").split())


class Page(HTMLParser):
    """The elements of a rendered snippet, to query by id, class or tag."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.elements: list[Element] = []
        self._open: list[Element] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        element = Element(tag, dict(attrs))
        self.elements.append(element)
        if tag not in {"input", "br", "img", "hr", "meta", "link"}:
            self._open.append(element)

    def handle_endtag(self, tag):
        for index in range(len(self._open) - 1, -1, -1):
            if self._open[index].tag == tag:
                del self._open[index:]
                break

    def handle_data(self, data):
        for element in self._open:
            element.text += data

    def by_id(self, element_id: str) -> Element:
        (found,) = [e for e in self.elements if e.attrs.get("id") == element_id]
        return found

    def with_class(self, name: str) -> list[Element]:
        return [e for e in self.elements if name in e.classes]

    def tags(self, tag: str) -> list[Element]:
        return [e for e in self.elements if e.tag == tag]


class ExampleForm(forms.Form):
    name = forms.CharField(help_text="As you would like other members to see it")
    email = forms.EmailField()
    password = forms.CharField(widget=forms.PasswordInput)
    team_size = forms.IntegerField(required=False)
    website = forms.URLField(required=False)
    bio = forms.CharField(widget=forms.Textarea, required=False)
    organisation = forms.ChoiceField(choices=[("", "Choose"), ("lth", "Leeds Teaching Hospitals")])
    kind = forms.ChoiceField(
        widget=forms.RadioSelect,
        choices=[("staff", "Staff"), ("partner", "Patient or carer partner")],
        help_text="Partners never have to give an employer",
    )
    skills = forms.MultipleChoiceField(
        widget=forms.CheckboxSelectMultiple,
        choices=[("spc", "SPC charts"), ("pdsa", "PDSA cycles")],
    )
    agree = forms.BooleanField(label="I agree to the network's values")
    started = NHSDateField(label="When did the project start?", help_text="For example, 15 3 2024")
    next_step = forms.CharField(widget=forms.HiddenInput, required=False)

    def clean(self):
        if self.data.get("name") == "Nobody":
            raise forms.ValidationError("Nobody cannot join the network.")
        return super().clean()


VALID = {
    "name": "Asha Patel",
    "email": "asha@example.org",
    "password": "a-long-passphrase",
    "organisation": "lth",
    "kind": "staff",
    "skills": ["spc"],
    "agree": "on",
    "started_day": "15",
    "started_month": "3",
    "started_year": "2024",
}


def render(form: forms.Form) -> Page:
    return Page(str(form))


def test_every_form_renders_with_the_nhs_renderer():
    assert isinstance(get_default_renderer(), NHSFormRenderer)
    assert ExampleForm().renderer.form_template_name == "forms/nhsuk_form.html"


@pytest.mark.parametrize(
    ("widget", "component"),
    [
        (forms.TextInput(), "input"),
        (forms.EmailInput(), "input"),
        (forms.NumberInput(), "input"),
        (forms.URLInput(), "input"),
        (forms.PasswordInput(), "password"),
        (forms.Textarea(), "textarea"),
        (forms.Select(), "select"),
        (forms.RadioSelect(), "radios"),
        (forms.CheckboxSelectMultiple(), "checkboxes"),
        (forms.CheckboxInput(), "checkbox"),
        (NHSDateInput(), "date"),
        (forms.HiddenInput(), "hidden"),
        (forms.FileInput(), "other"),
    ],
)
def test_each_widget_gets_its_nhs_component(widget, component):
    assert component_for_widget(widget) == component


def test_an_unbound_form_uses_the_nhs_components():
    page = render(ExampleForm())
    for field in ("name", "email", "team_size", "website"):
        assert page.by_id(f"id_{field}").classes == {"nhsuk-input"}
    assert {"nhsuk-input", "nhsuk-password-input__input"} <= page.by_id("id_password").classes
    assert page.with_class("nhsuk-password-input__toggle")[0].attrs["aria-controls"] == (
        "id_password"
    )
    assert page.by_id("id_bio").classes == {"nhsuk-textarea"}
    assert page.by_id("id_organisation").classes == {"nhsuk-select"}
    assert page.by_id("id_kind_0").classes == {"nhsuk-radios__input"}
    assert page.by_id("id_skills_1").classes == {"nhsuk-checkboxes__input"}
    assert page.by_id("id_agree").classes == {"nhsuk-checkboxes__input"}
    labels = {label.attrs["for"]: label for label in page.tags("label")}
    assert labels["id_name"].classes == {"nhsuk-label"}
    assert labels["id_kind_1"].text.strip() == "Patient or carer partner"
    assert {"nhsuk-checkboxes__label"} <= labels["id_agree"].classes
    assert page.by_id("id_next_step").attrs["type"] == "hidden"
    assert not page.with_class("nhsuk-error-summary")
    assert not page.with_class("nhsuk-form-group--error")
    assert all("placeholder" not in element.attrs for element in page.tags("input"))


def test_choices_and_dates_are_fieldsets_with_a_legend():
    page = render(ExampleForm())
    legends = [legend.text.strip() for legend in page.tags("legend")]
    assert legends == ["Kind", "Skills", "When did the project start?"]
    assert page.with_class("nhsuk-radios")[0].attrs["data-module"] == "nhsuk-radios"
    date_group = [f for f in page.tags("fieldset") if f.attrs.get("role") == "group"]
    assert date_group[0].attrs["aria-describedby"] == "id_started--hint"


def test_a_hint_describes_its_control():
    page = render(ExampleForm())
    assert page.by_id("id_name--hint").text.strip() == "As you would like other members to see it"
    assert page.by_id("id_name--hint").classes == {"nhsuk-hint"}
    assert page.by_id("id_name").attrs["aria-describedby"] == "id_name--hint"
    assert "aria-describedby" not in page.by_id("id_email").attrs
    radios_fieldset = page.tags("fieldset")[0]
    assert radios_fieldset.attrs["aria-describedby"] == "id_kind--hint"


def test_errors_mark_the_group_the_control_and_name_the_problem():
    form = ExampleForm(data={**VALID, "email": "not-an-email", "kind": ""})
    page = render(form)
    email = page.by_id("id_email")
    assert email.classes == {"nhsuk-input", "nhsuk-input--error"}
    assert email.attrs["aria-describedby"] == "id_email--error-message"
    message = page.by_id("id_email--error-message")
    assert message.classes == {"nhsuk-error-message"}
    assert message.text.split() == ["Error:", "Enter", "a", "valid", "email", "address."]
    assert page.with_class("nhsuk-u-visually-hidden")[0].text.strip() == "Error:"
    assert len(page.with_class("nhsuk-form-group--error")) == 2
    assert page.tags("fieldset")[0].attrs["aria-describedby"] == (
        "id_kind--hint id_kind--error-message"
    )
    assert page.by_id("id_name").classes == {"nhsuk-input"}, "a valid field stays unmarked"


def test_the_error_summary_links_to_each_problem():
    form = ExampleForm(
        data={**VALID, "name": "Nobody", "email": "", "kind": "", "skills": [], "started_year": ""}
    )
    page = render(form)
    (summary,) = page.with_class("nhsuk-error-summary")
    assert summary.attrs["data-module"] == "nhsuk-error-summary"
    assert next(e.attrs["role"] for e in page.elements if e.attrs.get("role")) == "alert"
    assert page.with_class("nhsuk-error-summary__heading")[0].text.strip() == "There is a problem"
    items = [li.text.strip() for li in page.tags("li")]
    assert items[0] == "Nobody cannot join the network.", "the form's own error first, unlinked"
    links = {a.attrs["href"]: a.text.strip() for a in page.tags("a")}
    assert links == {
        "#id_email": "This field is required.",
        "#id_kind_0": "This field is required.",
        "#id_skills_0": "This field is required.",
        "#id_started_year": "Date must include a year",
    }
    for href in links:
        assert page.by_id(href[1:]), f"{href} links to nothing"


def test_a_page_can_put_the_summary_at_its_top_and_the_form_shows_no_second_one():
    form = ExampleForm(data={**VALID, "email": ""})
    html = Template(
        '<h1>Join</h1>{% include "forms/error_summary.html" with form=form %}{{ form }}'
    ).render(Context({"form": form}))
    assert html.count("There is a problem") == 1
    assert html.index("There is a problem") < html.index('id="id_name"')


def test_a_valid_form_has_no_summary():
    form = ExampleForm(data=VALID)
    assert form.is_valid(), form.errors
    html = Template('{% include "forms/error_summary.html" with form=form %}').render(
        Context({"form": form})
    )
    assert html.strip() == ""


class DateForm(forms.Form):
    started = NHSDateField()
    finished = NHSDateField(required=False)


def date_form(day="", month="", year="", **finished) -> DateForm:
    data = {"started_day": day, "started_month": month, "started_year": year}
    data.update({f"finished_{part}": value for part, value in finished.items()})
    return DateForm(data=data)


@pytest.mark.parametrize(
    ("day", "month", "year", "expected"),
    [
        ("15", "3", "2024", datetime.date(2024, 3, 15)),
        (" 01 ", "03", "2024", datetime.date(2024, 3, 1)),
        ("29", "2", "2024", datetime.date(2024, 2, 29)),
        ("7", "March", "2025", datetime.date(2025, 3, 7)),
        ("7", "sept", "2025", datetime.date(2025, 9, 7)),
    ],
)
def test_a_date_is_read_from_day_month_and_year(day, month, year, expected):
    form = date_form(day, month, year)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["started"] == expected
    assert form.cleaned_data["finished"] is None


@pytest.mark.parametrize(
    ("day", "month", "year", "message", "marked"),
    [
        ("", "", "", "Enter a date", {"day", "month", "year"}),
        ("15", "3", "", "Date must include a year", {"year"}),
        ("", "3", "2024", "Date must include a day", {"day"}),
        ("", "", "2024", "Date must include a day and month", {"day", "month"}),
        ("15", "", "", "Date must include a month and year", {"month", "year"}),
        ("31", "2", "2024", "Date must be a real date", {"day", "month", "year"}),
        ("29", "2", "2023", "Date must be a real date", {"day", "month", "year"}),
        ("15", "13", "2024", "Date must be a real date", {"day", "month", "year"}),
        ("1st", "3", "2024", "Date must be a real date", {"day", "month", "year"}),
        ("15", "3", "24", "Year must include 4 numbers", {"year"}),
    ],
)
def test_a_wrong_date_says_what_is_wrong_and_marks_those_boxes(day, month, year, message, marked):
    form = date_form(day, month, year)
    assert not form.is_valid()
    assert form.errors["started"] == [message]
    page = Page(form["started"].as_field_group())
    boxes = {
        part: "nhsuk-input--error" in page.by_id(f"id_started_{part}").classes
        for part in ("day", "month", "year")
    }
    assert {part for part, is_marked in boxes.items() if is_marked} == marked
    assert page.with_class("nhsuk-form-group--error")


def test_a_wrong_date_keeps_what_was_typed():
    page = Page(date_form("31", "2", "2024")["started"].as_field_group())
    values = [page.by_id(f"id_started_{part}").attrs["value"] for part in ("day", "month", "year")]
    assert values == ["31", "2", "2024"]


def test_a_date_input_is_the_nhs_component():
    form = DateForm(initial={"started": datetime.date(2024, 3, 15)})
    page = Page(form["started"].as_field_group())
    assert page.by_id("id_started").classes == {"nhsuk-date-input"}
    day, month, year = (page.by_id(f"id_started_{part}") for part in ("day", "month", "year"))
    assert day.attrs["name"] == "started_day"
    assert day.attrs["inputmode"] == "numeric"
    assert day.attrs["value"] == "15"
    assert year.attrs["value"] == "2024"
    assert {"nhsuk-input--width-2", "nhsuk-date-input__input"} <= month.classes
    assert "nhsuk-input--width-4" in year.classes
    labels = [label.text.strip() for label in page.tags("label")]
    assert labels == ["Day", "Month", "Year"]
