"""Helpers shared by the importers: a located error, reading a document, a summary of changes."""

from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from recommendations.validators import strip_bidi_controls


class DocumentError(Exception):
    """Bad input, located in its file: str() is "FILE, line N: message" (or "FILE, page N: message")."""

    def __init__(self, path, line: int | str | None, message: str):
        self.path = str(path)
        self.line = line
        self.message = message
        super().__init__(str(self))

    def __str__(self):
        if self.line is None:
            return f"{self.path}: {self.message}"
        place = f"line {self.line}" if isinstance(self.line, int) else self.line
        return f"{self.path}, {place}: {self.message}"


def read_document(path) -> str:
    """The text of a UTF-8 document with "\\n" line ends; DocumentError if it is missing, empty or not text."""
    return decode_text(path, read_bytes(path))


def read_bytes(path) -> bytes:
    """A file's bytes; DocumentError if it is missing, cannot be read, or is over the upload's size limit (a
    device such as /dev/zero never ends)."""
    limit = settings.INTAKE_MAX_UPLOAD_BYTES
    try:
        with Path(path).open("rb") as file:
            data = file.read(limit + 1)
    except FileNotFoundError:
        raise DocumentError(path, None, "no such file.") from None
    except IsADirectoryError:
        raise DocumentError(path, None, "is a directory, not a document.") from None
    except OSError as error:
        raise DocumentError(path, None, f"cannot be read ({error.strerror}).") from None
    if len(data) > limit:
        raise DocumentError(path, None, f"the file is over the size limit of {limit / 1024 / 1024:g} MB.")
    return data


def decode_text(path, data: bytes) -> str:
    """The text of UTF-8 bytes with "\\n" line ends and no direction controls; DocumentError if they are empty or
    not text."""
    if not data.strip():
        raise DocumentError(path, 1, "the file is empty.")
    if b"\x00" in data:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        raise DocumentError(path, line, "the file is binary (it contains NUL bytes), not a text document.")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise DocumentError(
            path, line, f"the file is not UTF-8 (byte 0x{data[error.start]:02x} cannot be decoded); save it as UTF-8."
        ) from None
    # Invisible direction controls would reorder what the site shows around them (validators.BIDI_CONTROLS).
    return strip_bidi_controls(text.replace("\r\n", "\n").replace("\r", "\n"))


@dataclass
class Summary:
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    def __str__(self):
        return f"created {self.created}, updated {self.updated}, unchanged {self.unchanged}"

    @property
    def changed(self) -> bool:
        return self.created > 0 or self.updated > 0


def changed_fields(instance, values: dict) -> list[str]:
    """The names of the fields whose values differ from the instance's."""
    return [name for name, value in values.items() if getattr(instance, name) != value]


def update_changed(instance, values: dict) -> list[str]:
    """Set and save only the fields whose values differ; the names of those changed (none: nothing is saved)."""
    changed = changed_fields(instance, values)
    if changed:
        for name in changed:
            setattr(instance, name, values[name])
        instance.save(update_fields=changed)
    return changed
