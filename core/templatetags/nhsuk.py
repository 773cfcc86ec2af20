"""Template helpers for NHS.UK components.

`nhsuk_field` turns a bound field (or the attributes of an allauth `field` element) into
what the templates under `templates/forms/components/` need: which component to use,
the ids that tie the hint and error message to the control, and the control's HTML with
the NHS.UK classes. The templates then only lay the pieces out.
"""

import re
from dataclasses import dataclass, field
from typing import Any

from django import forms, template
from django.forms.boundfield import BoundField, BoundWidget
from django.forms.widgets import Input
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from core.forms import DATE_PARTS, NHSDateInput

register = template.Library()

TEXT_INPUT_TYPES = frozenset({"text", "email", "number", "url", "search", "tel"})

# Component name -> the class the control gets, and the one it gets when in error.
CONTROL_CLASSES = {
    "input": ("nhsuk-input", "nhsuk-input--error"),
    "password": (
        "nhsuk-input nhsuk-password-input__input nhsuk-js-password-input-input",
        "nhsuk-input--error",
    ),
    "textarea": ("nhsuk-textarea", "nhsuk-textarea--error"),
    "select": ("nhsuk-select", "nhsuk-select--error"),
    "checkbox": ("nhsuk-checkboxes__input", ""),
    "radios": ("nhsuk-radios__input", ""),
    "checkboxes": ("nhsuk-checkboxes__input", ""),
}


def component_for_widget(widget: forms.Widget) -> str:
    """The NHS.UK component that renders a widget."""
    if widget.is_hidden:
        return "hidden"
    if isinstance(widget, NHSDateInput):
        return "date"
    # CheckboxSelectMultiple is a RadioSelect, so it is tested first.
    if isinstance(widget, forms.CheckboxSelectMultiple):
        return "checkboxes"
    if isinstance(widget, forms.RadioSelect):
        return "radios"
    if isinstance(widget, forms.CheckboxInput):
        return "checkbox"
    if isinstance(widget, forms.Textarea):
        return "textarea"
    if isinstance(widget, forms.Select):
        return "select"
    if isinstance(widget, Input) and widget.input_type == "password":
        return "password"
    if isinstance(widget, Input) and widget.input_type in TEXT_INPUT_TYPES:
        return "input"
    return "other"


@register.filter
def nhsuk_component(bound_field: BoundField) -> str:
    return component_for_widget(bound_field.field.widget)


@dataclass
class Option:
    id: str
    label: str
    tag: SafeString


@dataclass
class FieldView:
    """One field, ready for a component template."""

    component: str
    id: str
    label: str = ""
    hint: str = ""
    errors: list[str] = field(default_factory=list)
    control: SafeString = field(default_factory=SafeString)
    options: list[Option] = field(default_factory=list)
    # A control whose markup the template writes itself (allauth's elements).
    attrs: dict[str, Any] = field(default_factory=dict)

    @property
    def hint_id(self) -> str:
        return f"{self.id}--hint"

    @property
    def error_id(self) -> str:
        return f"{self.id}--error-message"

    @property
    def described_by(self) -> str:
        ids = []
        if self.hint:
            ids.append(self.hint_id)
        if self.errors:
            ids.append(self.error_id)
        return " ".join(ids)

    @property
    def group_classes(self) -> str:
        classes = ["nhsuk-form-group"]
        if self.errors:
            classes.append("nhsuk-form-group--error")
        if self.component == "password":
            classes.append("nhsuk-password-input")
        return " ".join(classes)


def _classes(*parts: str) -> str:
    return " ".join(part for part in " ".join(parts).split() if part)


def _error_parts(bound_field: BoundField) -> list[str]:
    """The date boxes to mark: those the errors name, or all three."""
    parts: set[str] = set()
    for error in bound_field.errors.as_data():
        named = (error.params or {}).get("parts") if isinstance(error.params, dict) else None
        parts.update(named or DATE_PARTS)
    return [part for part in DATE_PARTS if part in parts]


def _error_messages(bound_field: BoundField) -> list[str]:
    return [str(message) for message in bound_field.errors]


def field_view(bound_field: BoundField) -> FieldView:
    component = nhsuk_component(bound_field)
    view = FieldView(
        component=component,
        id=bound_field.auto_id or bound_field.html_name,
        label=bound_field.label or "",
        hint=bound_field.help_text or "",
        errors=_error_messages(bound_field),
    )
    if component == "hidden":
        view.control = bound_field.as_widget()
        return view
    widget = bound_field.field.widget
    if component == "date":
        view.control = bound_field.as_widget(attrs={"error_parts": _error_parts(bound_field)})
        return view
    base, error = CONTROL_CLASSES.get(component, ("", ""))
    # A short code is easier to type into a box its own size.
    width = "nhsuk-input--width-10" if widget.attrs.get("autocomplete") == "one-time-code" else ""
    attrs: dict[str, Any] = {
        "class": _classes(base, width, error if view.errors else "", widget.attrs.get("class", "")),
        # The design system asks for no placeholder text: it disappears as people type.
        "placeholder": False,
    }
    if component in {"radios", "checkboxes"}:
        # The fieldset carries the description; each option is one input.
        option_attrs = bound_field.build_widget_attrs({"id": bound_field.auto_id, **attrs})
        subwidgets = widget.subwidgets(bound_field.html_name, bound_field.value(), option_attrs)
        view.options = [
            Option(
                id=data["attrs"].get("id", ""),
                label=str(data["label"]),
                tag=BoundWidget(widget, data, bound_field.form.renderer).tag(wrap_label=False),
            )
            for data in subwidgets
        ]
        return view
    if view.described_by:
        attrs["aria-describedby"] = view.described_by
    if component == "password":
        attrs.update(spellcheck="false", autocapitalize="none")
    view.control = bound_field.as_widget(attrs=attrs)
    return view


@register.simple_tag
def nhsuk_field(bound_field: BoundField) -> FieldView:
    return field_view(bound_field)


def _slot(slots: dict, name: str) -> str:
    return "".join(str(part) for part in slots.get(name, ())).strip()


@register.simple_tag
def nhsuk_element_field(attrs: dict, slots: dict) -> FieldView:
    """An allauth `field` element (a control allauth writes without a Django form field).

    The control's attributes are kept for the template; a display-only field (disabled,
    with no name, such as the authenticator secret) is shown read-only instead, so its
    text can still be selected and copied.
    """
    input_type = attrs.get("type") or "text"
    if input_type == "textarea":
        component = "textarea"
    elif input_type in {"checkbox", "radio"}:
        component = f"{input_type}_item"
    else:
        component = "element_input"
    errors = attrs.get("errors") or []
    read_only = bool(attrs.get("readonly")) or bool(attrs.get("disabled") and not attrs.get("name"))
    return FieldView(
        component=component,
        id=attrs.get("id") or attrs.get("name") or "",
        label=mark_safe(_slot(slots, "label")),  # noqa: S308 (rendered by allauth's templates)
        hint=mark_safe(_slot(slots, "help_text")),  # noqa: S308 (rendered by allauth's templates)
        errors=[str(message) for message in errors],
        attrs={
            **attrs,
            "type": input_type,
            "readonly": read_only,
            "disabled": bool(attrs.get("disabled")) and not read_only,
            "value_text": mark_safe(_slot(slots, "value")),  # noqa: S308 (rendered by allauth)
        },
    )


@dataclass
class SummaryItem:
    message: str
    href: str = ""


def _summary_href(bound_field: BoundField) -> str:
    component = nhsuk_component(bound_field)
    base_id = bound_field.auto_id
    if not base_id:
        return ""
    if component == "date":
        parts = _error_parts(bound_field) or list(DATE_PARTS)
        return f"#{base_id}_{parts[0]}"
    if component in {"radios", "checkboxes"}:
        return f"#{base_id}_0"
    return f"#{bound_field.id_for_label or base_id}"


@register.simple_tag
def nhsuk_error_summary_items(form: forms.BaseForm) -> list[SummaryItem]:
    """The error summary's list: the form's own errors, then each field's, in order.

    It also marks the form, so that rendering the form afterwards does not show a
    second summary when a page has put one at its top.
    """
    form.nhsuk_error_summary_shown = True
    items = [SummaryItem(str(message)) for message in form.non_field_errors()]
    for bound_field in form:
        if not bound_field.errors:
            continue
        if bound_field.is_hidden:
            items.extend(
                SummaryItem(f"(Hidden field {bound_field.name}) {message}")
                for message in bound_field.errors
            )
            continue
        href = _summary_href(bound_field)
        items.extend(SummaryItem(str(message), href) for message in bound_field.errors)
    return items


@register.filter(is_safe=True)
def squish(value: str) -> str:
    """Collapse runs of whitespace, for text built from indented template blocks."""
    return re.sub(r"\s+", " ", str(value)).strip()


@register.simple_tag
def nhsuk_nav_item(current_path: str, url: str, text: str) -> SafeString:
    """An item of the header's navigation, marked current on its page and the pages below.

    Nothing is shown for an empty URL (`{% url ... as name %}` of a page not yet routed).
    """
    if not url:
        return mark_safe("")
    if current_path == url:
        current = "page"
    elif url != "/" and current_path.startswith(url):
        current = "true"
    else:
        return format_html(
            '<li class="nhsuk-header__navigation-item">'
            '<a class="nhsuk-header__navigation-link" href="{}">{}</a></li>',
            url,
            text,
        )
    return format_html(
        '<li class="nhsuk-header__navigation-item nhsuk-header__navigation-item--current">'
        '<a class="nhsuk-header__navigation-link" href="{}" aria-current="{}">'
        '<strong class="nhsuk-header__navigation-item-current-fallback">{}</strong></a></li>',
        url,
        current,
        text,
    )


@register.simple_tag
def nhsuk_contents_list_item(current_path: str, url: str, text: str) -> SafeString:
    """An item of an NHS.UK contents list: a link, or the current page's name."""
    if current_path == url:
        return format_html(
            '<li class="nhsuk-contents-list__item" aria-current="page">'
            '<span class="nhsuk-contents-list__current">{}</span></li>',
            text,
        )
    return format_html(
        '<li class="nhsuk-contents-list__item">'
        '<a class="nhsuk-contents-list__link" href="{}">{}</a></li>',
        url,
        text,
    )


@register.filter
def nhsuk_button_classes(tags: list[str] | None) -> str:
    """NHS.UK button classes for an allauth button's tags ("danger", "outline", ...)."""
    tags = tags or []
    if "danger" in tags or "delete" in tags:
        return "nhsuk-button nhsuk-button--warning"
    if {"secondary", "outline", "cancel"} & set(tags):
        return "nhsuk-button nhsuk-button--secondary"
    return "nhsuk-button"


@register.simple_tag
def nhsuk_attrs(attrs: dict, *names: str) -> SafeString:
    """HTML attributes from an allauth element's attrs, for the names given."""
    pairs = []
    for name in names:
        value = attrs.get(name)
        if value is True:
            pairs.append(format_html(" {}", name))
        elif value is not None and value is not False and value != "":
            pairs.append(format_html(' {}="{}"', name, value))
    return format_html_join("", "{}", ((pair,) for pair in pairs))


@register.simple_tag
def page_url(request, number: int) -> str:
    """The current URL with its filters kept and `page` set (for pagination links)."""
    from core.pagination import page_url as build

    return build(request, number)


@register.filter
def thousands(number: int | str) -> str:
    """A whole number with thousands separated by commas, as NHS.UK content style writes
    numbers over 999: 18381 -> "18,381". Anything else is shown as it is."""
    try:
        return f"{int(number):,}"
    except (TypeError, ValueError):
        return str(number)
