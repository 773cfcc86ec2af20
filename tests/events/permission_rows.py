"""Permission-matrix rows for `events/` pages. See tests/matrix.py.

Members' pages need a signed-in member; drafts are not found (404) by anyone but
facilitators; facilitators' pages are forbidden (403) to everyone else; the calendar feed
is public to whoever holds its secret address.
"""

from tests.matrix import PERSONAS, Row, everyone, visitors


def facilitators_only(status: int = 200) -> dict[str, int]:
    return {**dict.fromkeys(PERSONAS, 403), "anonymous": 302, "facilitator": status}


def only(persona: str, status: int, others: int) -> dict[str, int]:
    return {**dict.fromkeys(PERSONAS, others), "anonymous": 302, persona: status}


def event_url(key: str, suffix: str = ""):
    return lambda ctx: f"/events/{ctx[key]}/{suffix}"


ROWS: dict[str, Row] = {
    "events:list": Row("/events/", visitors(302, 200)),
    "events:month": Row("/events/month/2026/10/", visitors(302, 200)),
    "events:mine": Row("/events/mine/", visitors(302, 200)),
    "events:feed_reset": Row("/events/feed/reset/", everyone(302), method="post"),
    # No session needed: the secret address is the key.
    "events:feed": Row(lambda ctx: f"/events/feed/{ctx['feed_token']}.ics", everyone(200)),
    # A draft: facilitators see it, other members are told it does not exist.
    "events:detail": Row(event_url("draft_event"), {**visitors(302, 404), "facilitator": 200}),
    # The champion already has a place, so is sent back to the event.
    "events:book": Row(event_url("event", "book/"), {**visitors(302, 200), "champion": 302}),
    "events:ics": Row(event_url("event", "calendar.ics"), visitors(302, 200)),
    # Only the champion has a place: the others are sent back to the event.
    "events:booking_cancel": Row(event_url("event", "cancel-booking/"), only("champion", 200, 302)),
    # Only the champion attended the past event.
    "events:reflection": Row(event_url("past_event", "reflection/"), only("champion", 200, 403)),
    "events:manage": Row("/events/manage/", facilitators_only()),
    "events:create": Row("/events/new/", facilitators_only()),
    "events:edit": Row(event_url("event", "edit/"), facilitators_only()),
    "events:publish": Row(
        event_url("draft_event", "publish/"), facilitators_only(302), method="post"
    ),
    "events:cancel": Row(event_url("event", "cancel/"), facilitators_only()),
    "events:duplicate": Row(event_url("event", "duplicate/"), facilitators_only()),
    "events:registrations": Row(event_url("event", "registrations/"), facilitators_only()),
    "events:registrations_csv": Row(event_url("event", "registrations.csv"), facilitators_only()),
    "events:registration_add": Row(
        event_url("event", "registrations/add/"), facilitators_only(302), method="post"
    ),
    "events:registration_remove": Row(
        lambda ctx: f"/events/{ctx['event']}/registrations/{ctx['registration']}/remove/",
        facilitators_only(302),
        method="post",
    ),
    "events:capacity": Row(
        event_url("event", "capacity/"),
        facilitators_only(302),
        method="post",
        data={"capacity": "30"},
    ),
    "events:check_in": Row(event_url("past_event", "check-in/"), facilitators_only()),
    "events:attendance": Row(
        lambda ctx: f"/events/{ctx['past_event']}/check-in/{ctx['attendance']}/",
        facilitators_only(302),
        method="post",
        data={"status": "attended"},
    ),
    "events:reflections": Row(event_url("past_event", "reflections/"), facilitators_only()),
    "events:showcase": Row(event_url("event", "showcase/?q=falls"), facilitators_only()),
    # Sent back to the showcase page, with what happened in a message.
    "events:showcase_add": Row(
        event_url("event", "showcase/add/"), facilitators_only(302), method="post"
    ),
    "events:showcase_remove": Row(
        event_url("event", "showcase/remove/"), facilitators_only(302), method="post"
    ),
    # Only the champion's own commitment: nobody else learns it exists.
    "events:commitment_pdsa": Row(
        lambda ctx: f"/events/commitments/{ctx['commitment']}/pdsa-cycle/",
        only("champion", 200, 404),
    ),
}


def context(request) -> dict:
    from events.models import CalendarFeed, Commitment, Event, Reflection, Registration
    from tests.events.factories import EventFactory, RegistrationFactory, in_days

    champion = request.getfixturevalue("champion")
    event = EventFactory()
    registration = RegistrationFactory(event=event, user=champion)
    past = EventFactory(starts_at=in_days(-3), ends_at=in_days(-3, 12))
    attended = RegistrationFactory(event=past, user=champion, status=Registration.Status.ATTENDED)
    Reflection.objects.create(registration=attended, learned="Measure less, better.")
    commitment = Commitment.objects.create(
        registration=attended, change_idea="One measure on the board"
    )
    return {
        "commitment": commitment.pk,
        "event": event.pk,
        "draft_event": EventFactory(status=Event.Status.DRAFT).pk,
        "past_event": past.pk,
        "registration": registration.pk,
        "attendance": attended.pk,
        "feed_token": CalendarFeed.objects.create(user=champion).token,
    }
