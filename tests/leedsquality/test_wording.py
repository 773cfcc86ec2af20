"""Our British English catalogue: allauth's pages in the NHS.UK content style."""

import gettext
import re
from pathlib import Path

import pytest

CATALOGUE = Path(__file__).resolve().parents[2] / "locale" / "en_GB" / "LC_MESSAGES"


def po_entries() -> dict[tuple[str | None, str], str]:
    entries = {}
    for block in CATALOGUE.joinpath("django.po").read_text().split("\n\n"):
        msgid = re.search(r'^msgid "(.+)"$', block, re.M)
        if msgid:
            context = re.search(r'^msgctxt "(.*)"$', block, re.M)
            msgstr = re.search(r'^msgstr "(.*)"$', block, re.M).group(1)
            entries[(context.group(1) if context else None, msgid.group(1))] = msgstr
    return entries


def test_the_compiled_catalogue_matches_its_source():
    with CATALOGUE.joinpath("django.mo").open("rb") as compiled:
        translations = gettext.GNUTranslations(compiled)
    for (context, msgid), msgstr in po_entries().items():
        got = translations.pgettext(context, msgid) if context else translations.gettext(msgid)
        assert got == msgstr, f"run `make messages`: {msgid!r} compiles to {got!r}"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "title"),
    [
        ("/accounts/signup/", "Create an account – Leeds Quality Network"),
        ("/accounts/password/reset/", "Password reset – Leeds Quality Network"),
        ("/accounts/confirm-email/", "Verify your email address – Leeds Quality Network"),
    ],
)
def test_account_pages_use_sentence_case(client, path, title):
    html = client.get(path).content.decode()
    assert f"<title>{title}</title>" in html
