"""What a stored value may be: numbers a URL carries, texts the search vector holds, flat paragraph lists, no
invisible direction controls. The model fields use these validators (the admin shows their messages) and the
importers the same rules (a DocumentError names the place)."""

import re

from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, RegexValidator, URLValidator

# As printed in reports: "12", "8.12", "12a", "A-3". One URL path segment, nothing to escape.
validate_number = RegexValidator(
    r"\A[0-9A-Za-z]+(?:[.-][0-9A-Za-z]+)*\Z",
    "A number is letters and digits, its parts joined by “.” or “-”, as printed: “12”, “8.12”.",
)

# Characters of one recommendation's or one reply's text. PostgreSQL's search vector (tsvector) holds at most
# 1 MB; migration 0007 also caps what search_document reads, so no stored text can overflow it.
MAX_TEXT_LENGTH = 50_000
validate_text_length = MaxLengthValidator(
    MAX_TEXT_LENGTH, f"A text may have at most {MAX_TEXT_LENGTH:,} characters (it has %(show_value)s)."
)

MAX_PARAGRAPHS = 50
MAX_PARAGRAPH_LENGTH = 20


def validate_paragraphs(value) -> None:
    """A flat list of the report paragraphs cited, as printed: ["17"], ["3.25"], ["4", "5"]."""
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ValidationError('Give the paragraphs as a list of strings, e.g. ["17", "18"].')
    if len(value) > MAX_PARAGRAPHS or any(not item or len(item) > MAX_PARAGRAPH_LENGTH for item in value):
        raise ValidationError(
            f"At most {MAX_PARAGRAPHS} paragraphs, each of 1 to {MAX_PARAGRAPH_LENGTH} characters, as printed."
        )


# Characters no stored text may hold, whatever wrote it: control characters (C0 but tab and line feed, DEL, C1),
# which break XML feeds and mail headers; invisible direction controls (embeddings, overrides, isolates,
# U+202A–U+202E, U+2066–U+2069), which reorder the text around them ("txt.exe" shown as "exe.txt"); private-use
# characters, which show as nothing or as a font's secret glyphs; lone surrogates and non-characters, which no
# database or page can encode. Documents are cleaned of them on import; typed text is refused.
BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")
UNSAFE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff\ue000-\uf8ff\ufdd0-\ufdef\ufffe\uffff"
    "\U000f0000-\U0010ffff]"
)
WHAT = [
    (re.compile("[\x00-\x1f\x7f-\x9f]"), "a control character"),
    (BIDI_CONTROLS, "an invisible direction control"),
    (re.compile("[\ue000-\uf8ff\U000f0000-\U0010ffff]"), "a private-use character"),
]


def validate_plain_text(value: str) -> None:
    """Refuse a text holding a character of UNSAFE, naming it."""
    found = UNSAFE.search(value or "")
    if found:
        char = found.group()
        what = next((name for pattern, name in WHAT if pattern.fullmatch(char)), "a character that cannot be stored")
        raise ValidationError(f"The text contains {what} (U+{ord(char):04X}); remove it.", code="unsafe_character")


validate_no_bidi_controls = validate_plain_text  # the name earlier migrations use


def strip_unsafe(text) -> str:
    """The text without the characters of UNSAFE: for documents, whose words are read, not typed, and for what is
    already stored, written into XML or mail."""
    return UNSAFE.sub("", str(text))


def strip_bidi_controls(text: str) -> str:
    return BIDI_CONTROLS.sub("", text)


def paragraph_numbers(refs: str) -> list[str] | None:
    """ "12 and 13" → ["12", "13"]; "4–6" → ["4", "5", "6"]; "3.25" → ["3.25"]; None if unreadable."""
    numbers = []
    for part in re.split(r"\s*(?:,|\band\b|&)\s*", refs.strip()):
        if not part:
            continue
        match = re.fullmatch(r"(\d+(?:\.\d+)*[a-z]?)(?:\s*(?:–|-|to)\s*(\d+(?:\.\d+)*[a-z]?))?", part)
        if not match:
            return None
        first, last = match.groups()
        if last is None:
            numbers.append(first)
        elif first.isdigit() and last.isdigit() and int(first) < int(last) <= int(first) + 50:
            numbers.extend(str(n) for n in range(int(first), int(last) + 1))
        else:
            numbers.append(f"{first}–{last}")
    return numbers or None


def field_problem(model, name: str, value) -> str | None:
    """What the model's field `name` says of `value` (its length, format and character rules), or None if it
    takes it: the rules of the model, for a writer that does not build an instance first (an importer)."""
    try:
        model._meta.get_field(name).clean(value, None)
    except ValidationError as error:
        return " ".join(error.messages)
    return None


def first_problem(model, **values) -> str | None:
    """The first of `values` (field name → value) that the model's fields refuse, as "Field: message"."""
    for name, value in values.items():
        problem = field_problem(model, name, value)
        if problem:
            return f"{model._meta.get_field(name).verbose_name.capitalize()}: {problem}"
    return None


def validate_slug_source(value: str) -> None:
    """A name a web address is made from must give one: letters or digits, not only punctuation."""
    from django.utils.text import slugify

    if not slugify(value or ""):
        raise ValidationError(f"“{value}” has no letters or digits to make a web address from.", code="no_slug")


# The one check of a web address typed or imported anywhere: http and https only (ftp:// or javascript: is
# refused).
_WEB_ADDRESS = URLValidator(schemes=["http", "https"], message="Enter a web address starting http:// or https://.")


def validate_web_address(value: str) -> None:
    _WEB_ADDRESS(value)
