"""Form data for project pages, as a browser would post it."""

from champions.models import Organisation


def project_form(**overrides) -> dict:
    data = {
        "step": "details",
        "title": "Fewer falls on the frailty wards",
        "summary": "Testing ways to prevent falls with harm on two frailty wards",
        "problem": "Older people on our wards fall at night, and some are badly hurt.",
        "aim": "Reduce falls with harm on wards 7 and 8 by 30% by 31 March 2027",
        "method": "mfi",
        "stage": "testing",
        "progress_score": "2.5",
        "setting": "ward",
        "organisations": [Organisation.objects.get(short_name="LTHT").pk],
        "start_date_day": "1",
        "start_date_month": "9",
        "start_date_year": "2026",
        "expected_end_date_day": "31",
        "expected_end_date_month": "3",
        "expected_end_date_year": "2027",
        "partner_involvement": "none",
        "partner_involvement_detail": "",
        "help_wanted_text": "",
        "visibility": "network",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def pdsa_form(**overrides) -> dict:
    data = {
        "objective": "Try intentional rounding at night on ward 7",
        "questions": "Will night staff find hourly rounding workable?",
        "prediction": "Fewer unwitnessed falls in the week",
        "plan_who": "Night staff on ward 7",
        "plan_what": "Hourly rounding with a checklist",
        "plan_when": "One week",
        "plan_where": "Ward 7",
        "plan_data": "Falls and rounding checklists completed",
        "start_date_day": "3",
        "start_date_month": "11",
        "start_date_year": "2026",
        "end_date_day": "10",
        "end_date_month": "11",
        "end_date_year": "2026",
        "status": "planned",
        "do_notes": "",
        "study": "",
        "act_next": "",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def update_form(**overrides) -> dict:
    data = {
        "now": "Falls at night are down from six to three a month on ward 7.",
        "working_well": "Night staff like the rounding checklist.",
        "do_more": "Spread rounding to ward 8 next month.",
        "others_learn": "Start small: one ward, one shift.",
        "help_needed": "",
    }
    data.update(overrides)
    return data


def measure_form(**overrides) -> dict:
    data = {
        "name": "Falls with harm per 1,000 bed days",
        "kind": "outcome",
        "numerator": "Falls with harm on wards 7 and 8, from Datix",
        "denominator": "Occupied bed days, divided by 1,000",
        "data_source": "Datix, pulled every Monday",
        "inclusions": "Includes falls from a chair; excludes falls before admission",
        "unit": "falls",
        "improvement": "decrease",
        "target": "",
        "frequency": "weekly",
        "fix_after": "",
        "screen_outliers": "on",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def weekly_rows(values, start=None, notes=None) -> str:
    """Pasted text: one `dd/mm/yyyy, value[, note]` line a week from `start`."""
    import datetime

    start = start or datetime.date(2025, 3, 3)
    notes = notes or {}
    lines = []
    for index, value in enumerate(values):
        day = start + datetime.timedelta(weeks=index)
        note = f", {notes[index]}" if index in notes else ""
        lines.append(f"{day:%d/%m/%Y}, {value}{note}")
    return "\n".join(lines)
