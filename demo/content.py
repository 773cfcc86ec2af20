"""What demo projects are about: realistic Leeds NHS and social-care improvement topics,
each with the words to build a title, aim, problem, driver diagram and PDSA cycles.

Placeholders: {place} (where), {pct} (how much), {base} and {target} (from and to),
{date} (by when), {unit} (of the measure).
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Topic:
    clinical_area: str
    titles: tuple[str, ...]
    aim: str
    unit: str
    baseline: tuple[int, int]
    problem: str
    summary: str
    drivers: dict[str, tuple[str, ...]]
    ideas: tuple[str, ...]
    places: str = "ward"
    settings: tuple[str, ...] = ("ward",)
    lower_is_better: bool = True


PLACES = {
    "ward": (
        "ward 7 at St James's",
        "ward 18 at Leeds General Infirmary",
        "the frailty unit at St James's",
        "ward J24 at St James's",
        "Chapel Allerton Hospital ward 3",
        "Wharfedale Hospital ward 1",
        "the acute medical unit at LGI",
        "ward 28 at LGI",
    ),
    "community": (
        "the Seacroft neighbourhood team",
        "the Armley neighbourhood team",
        "the Beeston neighbourhood team",
        "the Chapeltown neighbourhood team",
        "the Pudsey neighbourhood team",
        "the Middleton neighbourhood team",
        "Otley and Wharfedale",
        "Morley and Rothwell",
    ),
    "practice": (
        "Windmill Health Centre",
        "Oakwood Lane Medical Practice",
        "Park Edge Practice",
        "Foundry Lane Surgery",
        "North Leeds Medical Practice",
        "Seacroft PCN",
        "Pudsey PCN",
        "the Harehills practices",
    ),
    "mental_health": (
        "the Becklin Centre",
        "the Newsam Centre",
        "Red Kite View",
        "the Mount",
        "the crisis resolution team",
        "the community mental health team in east Leeds",
    ),
    "care_home": (
        "three care homes in Seacroft",
        "care homes in Morley",
        "care homes in Kirkstall",
        "a nursing home in Garforth",
        "care homes in Holbeck and Beeston",
    ),
    "emergency": (
        "the emergency department at St James's",
        "the emergency department at LGI",
        "the Leeds urgent treatment centres",
        "the St George's urgent treatment centre",
    ),
    "clinic": (
        "the diabetes clinic at St James's",
        "the respiratory clinic at LGI",
        "the fracture clinic at Chapel Allerton",
        "the paediatric outpatients at LGI",
        "the memory clinic in west Leeds",
    ),
}

TOPICS = (
    Topic(
        "Falls",
        (
            "Fewer falls with harm on {place}",
            "Preventing inpatient falls on {place}",
            "Safer nights: reducing falls on {place}",
        ),
        "Reduce falls with harm on {place} by {pct}% (from {base} to {target} {unit}) by {date}.",
        "falls with harm a month",
        (4, 12),
        "Older people on {place} fall most often at night, when fewer staff are about. Some "
        "break a hip; many lose confidence and stay in hospital longer.",
        "Testing night-time rounding and early risk assessment to prevent falls",
        {
            "Reliable falls risk assessment": (
                "Assessment within 6 hours of admission",
                "Lying and standing blood pressure",
            ),
            "A safe environment at night": ("Call bells within reach", "Enough light at night"),
            "Patients and families know how to stay safe": (
                "Families involved in care plans",
                "Footwear checked on admission",
            ),
        },
        (
            "Intentional rounding every hour at night",
            "Falls huddle at handover",
            "Bay nursing for people at high risk",
            "Non-slip socks for everyone at risk",
            "Lying and standing blood pressure for over-65s",
            "Post-fall review within 24 hours",
        ),
    ),
    Topic(
        "Pressure ulcers",
        (
            "Preventing pressure ulcers with {place}",
            "Healthy skin: fewer pressure ulcers in {place}",
        ),
        "Reduce category 2 and above pressure ulcers acquired in the care of {place} by {pct}% "
        "(from {base} to {target} {unit}) by {date}.",
        "new pressure ulcers a month",
        (5, 15),
        "People cared for at home by {place} develop pressure ulcers that could be prevented; "
        "carers tell us they were not shown what to look for.",
        "Sharing skin checks with carers so pressure damage is found early",
        {
            "Early skin inspection": ("Skin check at every visit", "Photographs with consent"),
            "Equipment in place quickly": ("Mattress ordered on the first visit",),
            "Carers confident to help": ("Carer teaching sessions", "A simple skin leaflet"),
        },
        (
            "SSKIN bundle at the first visit",
            "Repositioning charts kept at home",
            "Heel off-loading boots for people in bed",
            "Teaching carers to check skin",
            "Same-day pressure-relieving mattress delivery",
        ),
        places="community",
        settings=("community", "care_home"),
    ),
    Topic(
        "Sepsis",
        ("Antibiotics within the hour for sepsis in {place}", "Sepsis six, every time, in {place}"),
        "Increase the share of people with red-flag sepsis given antibiotics within an hour of "
        "arrival in {place} from {base}% to {target}% by {date}.",
        "",
        (55, 75),
        "Too many people with suspected sepsis in {place} wait more than an hour for "
        "antibiotics, and every hour's delay raises the risk of death.",
        "Making the sepsis six quick and reliable from triage",
        {
            "Sepsis recognised at triage": ("NEWS2 on arrival", "A sepsis screening prompt"),
            "Antibiotics ready to give": ("Antibiotics stocked in resus",),
            "Roles clear in the team": ("A named sepsis nurse each shift",),
        },
        (
            "Sepsis trolley in every majors bay",
            "Triage prompt for NEWS2 of 5 or more",
            "Nurse-initiated antibiotics under a patient group direction",
            "Sepsis champion on each shift",
            "Real-time feedback on time to antibiotics",
        ),
        places="emergency",
        settings=("emergency",),
        lower_is_better=False,
    ),
    Topic(
        "Discharge and flow",
        (
            "Home for lunch: earlier discharges from {place}",
            "Home First from {place}",
            "No more waiting to go home from {place}",
        ),
        "Increase discharges before midday from {place} from {base}% to {target}% by {date}.",
        "",
        (12, 25),
        "People who are ready to go home from {place} wait until late afternoon for their "
        "medicines, transport and letters, and the beds they leave are needed from the morning.",
        "Planning each discharge from the day of admission",
        {
            "Everyone knows the expected date of discharge": (
                "Date set at the first board round",
                "Date shared with the family",
            ),
            "Medicines ready the day before": ("To-take-out medicines written the day before",),
            "Transport and care at home arranged early": ("Trusted assessor for care homes",),
        },
        (
            "Criteria-led discharge",
            "Discharge lounge by 10am",
            "Red and green bed days",
            "Afternoon board round planning tomorrow's discharges",
            "Home First referral on the day of admission",
        ),
        lower_is_better=False,
    ),
    Topic(
        "Primary care access",
        ("Same-day care that fits at {place}", "Getting through: phone access at {place}"),
        "Reduce the average wait for a routine appointment at {place} from {base} to {target} "
        "{unit} by {date}.",
        "days",
        (10, 21),
        "Patients of {place} tell us they cannot get through on the phone at 8am, and those "
        "who find it hardest to ask for help wait longest.",
        "Care navigation and a fairer way to book at the practice",
        {
            "Demand understood": ("Daily demand counted for a month",),
            "The right person first time": ("Care navigators trained", "Pharmacist slots"),
            "Easy ways to ask for help": ("Online requests open all day", "Call-back queue"),
        },
        (
            "Total triage of every request",
            "Care navigation training for reception",
            "Call-back instead of redial",
            "Same-day hub for minor illness",
            "Text reminders in the patient's own language",
        ),
        places="practice",
        settings=("gp_practice",),
    ),
    Topic(
        "Medicines safety",
        ("On time, every time: Parkinson's medicines on {place}", "Fewer missed doses on {place}"),
        "Reduce omitted or late doses of time-critical medicines on {place} by {pct}% (from "
        "{base} to {target} {unit}) by {date}.",
        "missed doses a week",
        (8, 20),
        "People with Parkinson's on {place} miss doses or get them late, and become stiff, "
        "distressed and unsafe to swallow.",
        "Making time-critical medicines reliable on the ward",
        {
            "Time-critical medicines spotted": ("Flag on the drug chart", "Pharmacy check"),
            "Medicines available": ("Emergency cupboard stocked",),
            "Patients supported to self-administer": ("Self-administration assessment",),
        },
        (
            "Purple time-critical stickers on drug charts",
            "Alarms on the ward's tablet",
            "Self-administration for people who want it",
            "Daily pharmacy review of omissions",
        ),
    ),
    Topic(
        "Mental health",
        ("Less restraint, more calm on {place}", "Safewards on {place}"),
        "Reduce the use of restrictive interventions on {place} by {pct}% (from {base} to "
        "{target} {unit}) by {date}.",
        "incidents a month",
        (10, 30),
        "Restraint harms people on {place} and the staff involved; people with lived "
        "experience say earlier, calmer conversations would prevent most of it.",
        "Safewards interventions co-designed with people with lived experience",
        {
            "Conflict prevented early": ("Talk-down techniques", "Soft words"),
            "A calm ward": ("Calm-down boxes", "Mutual expectations agreed"),
            "People heard": ("Daily mutual-help meeting", "Bad news mitigation"),
        },
        (
            "Safewards mutual-help meeting",
            "Calm-down boxes",
            "Know each other posters",
            "Positive words at handover",
            "Debrief after every incident",
        ),
        places="mental_health",
        settings=("mental_health",),
    ),
    Topic(
        "End of life care",
        (
            "Conversations that matter: advance care planning with {place}",
            "Dying well at home with {place}",
        ),
        "Increase the share of people on the palliative care register at {place} with a "
        "ReSPECT plan from {base}% to {target}% by {date}.",
        "",
        (20, 40),
        "Many people in the last year of life at {place} have no plan for what matters to "
        "them, so they are admitted to hospital when they would rather be at home.",
        "Earlier, kinder conversations about what matters at the end of life",
        {
            "People identified early": ("Searches of the practice register",),
            "Staff confident to talk": ("Conversation training", "Peer shadowing"),
            "Plans shared across Leeds": ("Plans visible to the ambulance service",),
        },
        (
            "Monthly gold standards framework meeting",
            "ReSPECT conversation training",
            "Plans uploaded to the shared care record",
            "Carers offered a conversation too",
        ),
        places="practice",
        settings=("gp_practice", "community", "hospice"),
        lower_is_better=False,
    ),
    Topic(
        "Diabetes",
        (
            "Healthy feet: diabetes foot checks at {place}",
            "Closing the gap in diabetes care at {place}",
        ),
        "Increase annual foot checks for people with diabetes at {place} from {base}% to "
        "{target}% by {date}, and close the gap for people in the most deprived areas.",
        "",
        (50, 70),
        "People with diabetes at {place} miss foot checks, especially in our most deprived "
        "neighbourhoods, where amputations are twice as common.",
        "Foot checks at the right time and in the right place",
        {
            "People invited in ways that work": ("Invitations in community languages",),
            "Checks done at every chance": ("Foot checks at flu clinics",),
            "Results acted on": ("Fast track to the foot protection team",),
        },
        (
            "Foot checks at flu clinics",
            "Health-care assistant-led foot clinics",
            "Invitations in Urdu, Punjabi and Polish",
            "Community venue clinics in Harehills",
        ),
        places="practice",
        settings=("gp_practice",),
        lower_is_better=False,
    ),
    Topic(
        "Workforce wellbeing",
        ("Time to rest: protected breaks on {place}", "Looking after each other on {place}"),
        "Increase the share of shifts on {place} where staff take their full break from {base}% "
        "to {target}% by {date}.",
        "",
        (35, 55),
        "Staff on {place} skip breaks when the ward is busy; sickness absence and leavers are "
        "rising, and people say they feel exhausted.",
        "Protected breaks and a place to rest",
        {
            "Breaks planned": ("Break times on the allocation board",),
            "Cover in place": ("Buddy cover for breaks",),
            "A place to rest": ("A quiet room with drinks",),
        },
        (
            "Break rota on the allocation board",
            "Buddy cover for breaks",
            "Wobble room",
            "Thank-you cards from the ward manager",
            "Team check-in at handover",
        ),
        settings=("ward", "community", "mental_health"),
        lower_is_better=False,
    ),
    Topic(
        "Urgent and emergency care",
        ("Handing over faster at {place}", "No one waiting in the ambulance at {place}"),
        "Reduce the average ambulance handover time at {place} from {base} to {target} {unit} "
        "by {date}.",
        "minutes",
        (35, 60),
        "Ambulances queue outside {place}, patients wait in the back of the vehicle and "
        "crews cannot answer the next 999 call.",
        "Releasing ambulances quickly and safely",
        {
            "Space to receive patients": ("A handover area with chairs and trolleys",),
            "Clear roles": ("A handover nurse each shift",),
            "Flow through the department": ("Early senior review",),
        },
        (
            "Rapid handover nurse",
            "Fit-to-sit area",
            "Direct access to same-day emergency care",
            "Handover time shown live to the team",
        ),
        places="emergency",
        settings=("emergency", "ambulance"),
    ),
    Topic(
        "Outpatients",
        ("Fewer missed appointments in {place}", "Appointments that work for people in {place}"),
        "Reduce missed appointments in {place} from {base}% to {target}% by {date}.",
        "",
        (9, 16),
        "One appointment in ten in {place} is missed, most often by people from our most "
        "deprived areas, who then wait longer and arrive sicker.",
        "Reminders, flexible times and video where people want it",
        {
            "People know and remember": ("Text reminders", "Easy-read letters"),
            "Times that fit": ("Evening clinics", "Video appointments"),
            "Barriers removed": ("Help with travel costs",),
        },
        (
            "Two-way text reminders",
            "Call before the appointment for people at risk of missing it",
            "Evening clinic one day a week",
            "Patient-initiated follow-up",
        ),
        places="clinic",
        settings=("outpatients",),
    ),
    Topic(
        "Health inequalities",
        (
            "Reaching everyone: NHS Health Checks in {place}",
            "Health checks where people are in {place}",
        ),
        "Increase NHS Health Checks for people aged 40 to 74 in {place} from {base}% to "
        "{target}% by {date}.",
        "",
        (25, 40),
        "Fewer people in {place} take up NHS Health Checks than anywhere else in Leeds, and "
        "heart disease and diabetes are found late.",
        "Health checks in community venues with local partners",
        {
            "Trusted places": ("Mosques, gurdwaras and community centres",),
            "Trusted people": ("Health champions from the community",),
            "Follow-up that happens": ("Same-day results and advice",),
        },
        (
            "Health check pop-ups at community centres",
            "Community health champions",
            "Invitations by a trusted voice",
            "Checks at the food bank",
        ),
        places="community",
        settings=("community", "voluntary"),
        lower_is_better=False,
    ),
    Topic(
        "Dementia",
        (
            "Calmer days for people with dementia on {place}",
            "This is me: person-centred dementia care on {place}",
        ),
        "Reduce episodes of distress for people living with dementia on {place} by {pct}% "
        "(from {base} to {target} {unit}) by {date}.",
        "episodes a week",
        (12, 30),
        "People with dementia on {place} become distressed at night and are moved between "
        "beds; their carers are rarely asked what helps.",
        "Knowing the person: what matters, what calms, who helps",
        {
            "Staff know the person": ("This is me completed with carers",),
            "A calm environment": ("Meaningful activity each day",),
            "Carers welcome": ("John's Campaign open visiting",),
        },
        (
            "This is me on admission",
            "Open visiting for carers",
            "Activity box on the ward",
            "No bed moves after 10pm",
        ),
    ),
    Topic(
        "Nutrition and hydration",
        ("Drink up: hydration in {place}", "Good food, good mood in {place}"),
        "Reduce urinary tract infections that need treatment in {place} by {pct}% (from {base} "
        "to {target} {unit}) by {date}.",
        "infections a month",
        (6, 14),
        "Residents of {place} often drink too little, and dehydration leads to infections, "
        "falls and admissions to hospital.",
        "Drinks rounds that residents enjoy",
        {
            "Drinks offered often": ("Seven drinks rounds a day",),
            "Drinks people like": ("Jelly drops and ice lollies",),
            "Intake noticed": ("Coloured cups",),
        },
        (
            "Tea party afternoons",
            "Hydration stations in lounges",
            "Coloured cups",
            "Care staff trained in signs of dehydration",
        ),
        places="care_home",
        settings=("care_home",),
    ),
    Topic(
        "Children and young people",
        (
            "Sooner help for young people's mental health in {place}",
            "Waiting well: children and young people in {place}",
        ),
        "Reduce the wait from referral to first appointment for young people in {place} from "
        "{base} to {target} {unit} by {date}.",
        "weeks",
        (12, 26),
        "Young people in {place} wait months for a first appointment, and their families say "
        "they do not know where to turn while they wait.",
        "Support while waiting, and a single front door",
        {
            "One front door": ("Single point of access",),
            "Support while waiting": ("Waiting-well groups",),
            "Schools involved": ("Mental health support teams in schools",),
        },
        (
            "Waiting-well drop-ins",
            "Text check-ins while waiting",
            "Joint triage with schools",
            "Peer support from young people with lived experience",
        ),
        places="community",
        settings=("community", "mental_health"),
    ),
)
