"""Permission-matrix rows for `champions/` pages. See tests/matrix.py.

Profiles and requests a persona may not see answer 404; a request a persona may see but
not answer (they sent it) answers 403.
"""

from tests.matrix import Row, visitors

NOT_FOUND_BUT_FOR_CHAMPION = {**visitors(302, 404), "champion": 200}

ROWS: dict[str, Row] = {
    "champions:directory": Row("/people/", visitors(302, 200)),
    # To the member's profile page, or to the profile form when it is not complete.
    "champions:my_profile": Row("/people/me/", visitors(302, 302)),
    "champions:profile_edit": Row("/people/me/edit/", visitors(302, 200)),
    "champions:data_download": Row("/people/me/data/", visitors(302, 200)),
    # The confirmation page; deleting (POST) asks for the password again first.
    "champions:account_delete": Row("/people/me/delete/", visitors(302, 200)),
    "champions:matches": Row("/people/who-can-help-me/", visitors(302, 200)),
    "champions:could_help": Row("/people/who-i-could-help/", visitors(302, 200)),
    "champions:conversations": Row("/people/conversations/", visitors(302, 200)),
    # A hidden profile: seen only by the member who has a learning conversation with it.
    "champions:profile": Row(
        lambda ctx: f"/people/{ctx['hidden_profile']}/", NOT_FOUND_BUT_FOR_CHAMPION
    ),
    "champions:conversation_request": Row(
        lambda ctx: f"/people/{ctx['hidden_profile']}/ask/", NOT_FOUND_BUT_FOR_CHAMPION
    ),
    # other_champion asked champion: champion answers; the sender may see it, not answer it.
    "champions:conversation_answer": Row(
        lambda ctx: f"/people/conversations/{ctx['conversation']}/answer/",
        {**visitors(302, 404), "champion": 302, "other_champion": 403},
        method="post",
        data={"answer": "accept"},
    ),
}


def context(request) -> dict:
    from champions.models import ConversationRequest, Profile
    from tests.factories import UserFactory

    champion = request.getfixturevalue("champion")
    other_champion = request.getfixturevalue("other_champion")
    hidden = UserFactory(
        profile__display_name="Hidden Member", profile__visibility=Profile.Visibility.HIDDEN
    )
    ConversationRequest.objects.create(
        sender=hidden, recipient=champion, topic="Run charts", message="Hello"
    )
    conversation = ConversationRequest.objects.create(
        sender=other_champion, recipient=champion, topic="PDSA cycles", message="Hello"
    )
    return {"hidden_profile": hidden.profile.pk, "conversation": conversation.pk}
