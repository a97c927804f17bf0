"""The Atom feeds' writer, safe for whatever is already stored: the characters XML cannot hold (control
characters) and those the site never shows (validators.UNSAFE) are left out of every text it writes."""

from django.utils.feedgenerator import Atom1Feed

from .validators import strip_unsafe


def _clean(value):
    if isinstance(value, str):
        return strip_unsafe(value)
    if isinstance(value, (list, tuple)):
        return type(value)(_clean(item) for item in value)
    return value


class SafeAtom1Feed(Atom1Feed):
    def __init__(self, *args, **kwargs):
        super().__init__(*map(_clean, args), **{name: _clean(value) for name, value in kwargs.items()})

    def add_item(self, *args, **kwargs):
        super().add_item(*map(_clean, args), **{name: _clean(value) for name, value in kwargs.items()})
