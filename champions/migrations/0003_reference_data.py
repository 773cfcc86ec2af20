"""Reference lists: Leeds organisations, professions, clinical areas and improvement skills.

Admins extend them in the Django admin; this migration gives every new database the
network's starting lists.
"""

from django.db import migrations
from django.utils.text import slugify

ORGANISATIONS = [
    ("Leeds Teaching Hospitals NHS Trust", "LTHT", "acute"),
    ("Leeds Community Healthcare NHS Trust", "LCH", "community"),
    ("Leeds and York Partnership NHS Foundation Trust", "LYPFT", "mental_health"),
    ("Yorkshire Ambulance Service NHS Trust", "YAS", "ambulance"),
    ("NHS West Yorkshire Integrated Care Board (Leeds place)", "WY ICB Leeds", "commissioner"),
    ("Leeds City Council - Adults and Health", "LCC Adults and Health", "local_authority"),
    ("Leeds City Council - Public Health", "LCC Public Health", "local_authority"),
    ("Leeds City Council - Children and Families", "LCC Children and Families", "local_authority"),
    ("Leeds GP Confederation", "GP Confederation", "primary_care"),
    ("Seacroft Primary Care Network", "Seacroft PCN", "primary_care"),
    ("Pudsey Primary Care Network", "Pudsey PCN", "primary_care"),
    ("Windmill Health Centre", "Windmill HC", "primary_care"),
    ("Oakwood Lane Medical Practice", "Oakwood Lane MP", "primary_care"),
    ("Park Edge Practice", "Park Edge", "primary_care"),
    ("Foundry Lane Surgery", "Foundry Lane", "primary_care"),
    ("North Leeds Medical Practice", "North Leeds MP", "primary_care"),
    ("St Gemma's Hospice", "St Gemma's", "hospice"),
    ("Sue Ryder Wheatfields Hospice", "Wheatfields", "hospice"),
    ("Leeds Palliative Care Network", "LPCN", "hospice"),
    ("Forum Central", "Forum Central", "third_sector"),
    ("Voluntary Action Leeds", "VAL", "third_sector"),
    ("Leeds Community Foundation", "LCF", "third_sector"),
    ("Barca-Leeds", "Barca-Leeds", "third_sector"),
    ("Aspire Community Benefit Society", "Aspire", "third_sector"),
    ("Healthwatch Leeds", "Healthwatch Leeds", "third_sector"),
    ("Carers Leeds", "Carers Leeds", "third_sector"),
    ("Age UK Leeds", "Age UK Leeds", "third_sector"),
    ("Leeds Mind", "Leeds Mind", "third_sector"),
    ("Touchstone", "Touchstone", "third_sector"),
    ("Leeds Older People's Forum", "LOPF", "third_sector"),
    ("University of Leeds", "UoL", "academic"),
    ("Leeds Beckett University", "LBU", "academic"),
    ("Leeds Trinity University", "LTU", "academic"),
    ("Leeds Academic Health Partnership", "LAHP", "academic"),
    ("Leeds Health and Care Academy", "LHCA", "academic"),
]

PROFESSIONS = [
    "Medicine",
    "Nursing",
    "Midwifery",
    "Allied health professions",
    "Pharmacy",
    "Healthcare science",
    "Social work",
    "Social care",
    "Management and administration",
    "Analyst / information",
    "Research / academic",
    "Patient or carer partner",
    "Other",
]

CLINICAL_AREAS = [
    "Frailty",
    "Mental health",
    "Maternity",
    "Children and young people",
    "End of life care",
    "Urgent and emergency care",
    "Primary care access",
    "Medicines safety",
    "Falls",
    "Pressure ulcers",
    "Sepsis",
    "Diabetes",
    "Learning disabilities and autism",
    "Health inequalities",
    "Workforce wellbeing",
    "Discharge and flow",
    "Cancer",
    "Cardiovascular disease",
    "Respiratory",
    "Stroke",
    "Dementia",
    "Infection prevention and control",
    "Nutrition and hydration",
    "Outpatients",
    "Planned care and waiting lists",
    "Patient experience",
    "Digital and data",
    "Carers",
]

SKILLS = [
    "Model for Improvement",
    "PDSA cycles",
    "Run charts",
    "SPC charts",
    "Measurement planning",
    "Process mapping",
    "Driver diagrams",
    "Root cause analysis",
    "Human factors",
    "Lean / Leeds Improvement Method",
    "Co-production with patients and carers",
    "Facilitation",
    "Coaching",
    "Spread and scale",
    "Storytelling / presenting data",
    "Data analysis",
    "Demand and capacity",
    "Equality impact assessment",
    "Stakeholder engagement",
    "Project management",
    "Evaluation",
    "Sustainability of change",
]


def load(apps, schema_editor):
    Organisation = apps.get_model("champions", "Organisation")
    for name, short_name, sector in ORGANISATIONS:
        Organisation.objects.get_or_create(
            slug=slugify(name), defaults={"name": name, "short_name": short_name, "sector": sector}
        )
    for model_name, names in (
        ("Profession", PROFESSIONS),
        ("ClinicalArea", CLINICAL_AREAS),
        ("Skill", SKILLS),
    ):
        model = apps.get_model("champions", model_name)
        for name in names:
            model.objects.get_or_create(slug=slugify(name), defaults={"name": name})


class Migration(migrations.Migration):
    dependencies = [("champions", "0002_reference_lists_and_profile")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
