"""Permission-matrix rows for `digests/` pages. See tests/matrix.py."""

from tests.matrix import Row, everyone, visitors

ROWS: dict[str, Row] = {
    "digests:preview": Row("/digests/preview/", visitors(302, 200)),
    "digests:preferences": Row("/digests/preferences/", visitors(302, 200)),
    # The signed link in every digest works without signing in (GET asks; POST acts).
    "digests:unsubscribe": Row(
        lambda ctx: f"/digests/unsubscribe/{ctx['unsubscribe_token']}/", everyone(200)
    ),
}


def context(request) -> dict:
    from digests.models import DigestDelivery
    from digests.services import unsubscribe_token

    champion = request.getfixturevalue("champion")
    DigestDelivery.objects.create(
        user=champion, period="2026-W48", frequency="weekly", status="empty"
    )
    return {"unsubscribe_token": unsubscribe_token(champion.pk)}
