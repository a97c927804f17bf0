"""A malformed editorial file gets a message naming the item at fault, and nothing is saved (never a KeyError)."""

import io
import json

import pytest
from django.core.management import call_command

from intake.common import DocumentError
from intake.editorial import apply_editorial
from intake.management.commands.load_send_data import EDITORIAL, RESPONSE
from recommendations.models import Review, Theme

GOOD = json.loads(EDITORIAL.read_text(encoding="utf-8"))


def broken(change) -> dict:
    data = json.loads(json.dumps(GOOD))
    change(data)
    return data


CASES = {
    "theme without a slug": (lambda d: d["themes"][1].pop("slug"), "themes, item 2: “slug” is missing"),
    "status not an object": (
        lambda d: d["statuses"].__setitem__(0, "accepted"),
        "statuses, item 1: expected an object",
    ),
    "themes not a list": (lambda d: d.__setitem__("themes", {"slug": "x"}), "“themes” must be a list"),
    "numbers not text": (
        lambda d: d["themes"][0].__setitem__("recommendations", [1, 2]),
        "themes, item 1: “recommendations” must be a list of text",
    ),
    "unknown recommendation after a new review": (
        lambda d: d["themes"][0]["recommendations"].append("99"),
        "no recommendation numbered 99",
    ),
}


@pytest.mark.django_db
@pytest.mark.parametrize("case", CASES)
def test_a_malformed_editorial_file_is_named_and_saves_nothing(tmp_path, case):
    call_command("import_response", str(RESPONSE), stdout=io.StringIO())
    reviews, themes = Review.objects.count(), Theme.objects.count()
    change, message = CASES[case]
    path = tmp_path / "editorial.json"
    path.write_text(json.dumps(broken(change)), encoding="utf-8")
    with pytest.raises(DocumentError, match=message):
        apply_editorial(path)
    assert (Review.objects.count(), Theme.objects.count()) == (reviews, themes)
