"""Email addresses as the follow form takes them, and the mailbox an address reaches.

`clean` refuses what a person would not type (control and invisible characters, quotes, look-alike letters such
as full-width ones, a local part outside plain ASCII) and returns the address to store and send to, its domain in
its ASCII (IDNA) form. `mailbox` names the mailbox behind any spelling of an address, for the per-mailbox
throttle: case-folded, NFKC, quotes and invisible characters removed, the IDNA domain, without a "+tag", and
without the dots Gmail ignores.
"""

import re
import unicodedata

from django.core.exceptions import ValidationError

# Letters, digits and the other characters RFC 5322 allows unquoted before the "@".
LOCAL_PART = re.compile(r"[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+")
# Control, format (zero-width and direction marks), separator, private-use and unassigned characters.
UNSEEN = {"Cc", "Cf", "Cs", "Co", "Cn", "Zs", "Zl", "Zp"}
MAX_LENGTH = 254
GMAIL = {"gmail.com", "googlemail.com"}


def clean(address: str) -> str:
    """The address to store and send to; ValidationError, with a message, for one a person would not type."""
    address = unicodedata.normalize("NFC", address)
    if any(unicodedata.category(char) in UNSEEN for char in address):
        raise ValidationError("An email address cannot contain spaces, control characters or invisible characters.")
    if unicodedata.normalize("NFKC", address) != address:
        raise ValidationError("Type your email address in plain letters (not full-width or other look-alike ones).")
    local, _, domain = address.rpartition("@")
    if not LOCAL_PART.fullmatch(local):
        raise ValidationError(
            "The part of your email address before the @ can have only the letters a to z, digits and signs such as "
            ". _ - + (no quotes)."
        )
    cleaned = f"{local}@{ascii_domain(domain)}"
    if len(cleaned) > MAX_LENGTH:
        raise ValidationError(f"An email address can have at most {MAX_LENGTH} characters.")
    return cleaned


def ascii_domain(domain: str) -> str:
    try:
        return domain.rstrip(".").encode("idna").decode("ascii").lower()
    except UnicodeError:
        raise ValidationError("The part of your email address after the @ is not a domain name.") from None


def mailbox(address: str) -> str:
    """The same for every spelling of an address that reaches the same mailbox."""
    text = unicodedata.normalize("NFKC", address)
    text = "".join(char for char in text if unicodedata.category(char) not in UNSEEN and char not in '"\\')
    local, _, domain = text.rpartition("@")
    local = local.casefold().split("+", 1)[0]
    try:
        domain = ascii_domain(domain.casefold())
    except ValidationError:
        domain = domain.casefold()
    if domain in GMAIL:
        local, domain = local.replace(".", ""), "gmail.com"
    return f"{local}@{domain}"
