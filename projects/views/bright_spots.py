"""Bright spots: "What is working well in Leeds". Measures whose latest point is special
cause improvement, read from each measure's cached analysis, with the team to ask and the
change ideas they tested. Concerns never appear here."""

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from champions.models import ClinicalArea
from core.pagination import paginate
from projects.measures import selectors

PER_PAGE = 20


class BrightSpotFilterForm(forms.Form):
    area = forms.ModelChoiceField(
        label="Clinical area",
        queryset=ClinicalArea.objects.order_by("name"),
        to_field_name="slug",
        required=False,
        empty_label="Any clinical area",
    )


@require_GET
@login_required
def bright_spots(request: HttpRequest) -> HttpResponse:
    form = BrightSpotFilterForm(request.GET or None)
    area = form.cleaned_data.get("area") if form.is_bound and form.is_valid() else None
    page = paginate(
        request,
        selectors.bright_spots(user=request.user, clinical_area=area),
        per_page=PER_PAGE,
    )
    return render(
        request,
        "projects/bright_spots.html",
        {"filter_form": form, "area": area, "page": page},
    )
