"""Reading a document within limits, so that a hostile one cannot take the server's memory or hold a request.

`read(path, data)` reads in a child process with hard limits on its memory and CPU time (resource.setrlimit) and
a wall-clock timeout; inside it, a PDF is also held to explicit caps: the bytes its streams decompress to, its
pages, its characters (in all, and on one page), and how deep its forms (XObjects) nest. A document over a limit
gets a DocumentError naming the limit. The limits are settings (README, "Intake limits").
"""

import dataclasses
import json
import resource
import signal
import subprocess
import sys
import zlib
from pathlib import Path

from pdfminer.converter import PDFPageAggregator
from pdfminer.pdfinterp import PDFPageInterpreter

from intake.common import DocumentError

MB = 1024 * 1024


@dataclasses.dataclass(frozen=True)
class Limits:
    seconds: int = 15  # wall clock and CPU time of one reading
    memory_mb: int = 1024  # address space of the child process
    decompressed_mb: int = 100  # what a PDF's streams expand to, in all
    pages: int = 2_000
    characters: int = 5_000_000  # in all
    page_characters: int = 20_000  # on one page
    form_depth: int = 4  # forms (XObjects) drawn inside forms

    @classmethod
    def from_settings(cls) -> "Limits":
        from django.conf import settings

        return cls(**{f.name: getattr(settings, f"INTAKE_READ_{f.name.upper()}", f.default) for f in _fields()})


def _fields():
    return dataclasses.fields(Limits)


class OverLimit(Exception):
    """A document over one of the limits; the message names it."""


# The limits in force in this process: the child sets them from its parent's settings; a reading in-process (a
# test calling a reader directly) has the defaults.
active = Limits()


def read(path, data: bytes):
    """The document's blocks (readers.Document), read in a child process within the limits of the settings."""
    from . import Document

    limits = Limits.from_settings()
    command = [sys.executable, "-c", CHILD, str(Path(__file__).resolve().parents[2]), json.dumps(vars(limits))]
    try:
        done = subprocess.run(command, input=data, capture_output=True, timeout=limits.seconds + 1, check=False)
    except subprocess.TimeoutExpired:
        raise DocumentError(path, None, _too_long(limits)) from None
    if done.returncode != 0 or not done.stdout:
        raise DocumentError(path, None, _failure(done, limits))
    answer = json.loads(done.stdout)
    if "error" in answer:
        line, message = answer["error"]
        raise DocumentError(path, line, message)
    blocks = [_block(fields) for fields in answer["blocks"]]
    return Document(str(path), answer["format"], blocks, "\n".join(b.text for b in blocks), answer["joined_words"])


CHILD = "import sys; sys.path.insert(0, sys.argv[1]); from intake.readers.limits import child; child()"


def _too_long(limits: Limits) -> str:
    return f"reading the document took longer than the limit of {limits.seconds} seconds."


def _failure(done: subprocess.CompletedProcess, limits: Limits) -> str:
    if done.returncode in (-signal.SIGXCPU, -signal.SIGKILL):
        return _too_long(limits)
    if b"MemoryError" in done.stderr or done.returncode == 3:
        return f"reading the document needed more than the limit of {limits.memory_mb:,} MB of memory."
    return f"the document could not be read (the reader stopped with code {done.returncode})."


def _block(fields: dict):
    from ..blocks import Block

    return Block(**fields)


def child() -> None:
    """The child process: limits from argv, the document's bytes on stdin, the blocks as JSON on stdout."""
    global active
    active = Limits(**json.loads(sys.argv[2]))
    memory = active.memory_mb * MB
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    resource.setrlimit(resource.RLIMIT_CPU, (active.seconds, active.seconds + 1))
    data = sys.stdin.buffer.read()
    try:
        answer = _read_here(data)
    except MemoryError:
        sys.exit(3)
    sys.stdout.write(json.dumps(answer))


def _read_here(data: bytes) -> dict:
    from pdfminer import pdftypes

    from . import read as read_document

    pdftypes.zlib = BoundedZlib(active.decompressed_mb * MB)  # only in this child process
    try:
        document = read_document("", data)
    except DocumentError as error:
        return {"error": [error.line, error.message]}
    except OverLimit as error:
        return {"error": [None, str(error)]}
    blocks = [dataclasses.asdict(block) for block in document.blocks]
    return {"format": document.format, "blocks": blocks, "joined_words": document.joined_words}


class BoundedZlib:
    """zlib as pdfminer uses it, with a cap on the bytes its streams decompress to, in all."""

    error = zlib.error
    decompressobj = staticmethod(zlib.decompressobj)

    def __init__(self, cap: int):
        self.left = cap
        self.cap = cap

    def decompress(self, data: bytes) -> bytes:
        inflater = zlib.decompressobj()
        out = inflater.decompress(data, self.left + 1)
        if len(out) > self.left or inflater.unconsumed_tail:
            raise OverLimit(
                f"the PDF's content expands to more than the limit of {self.cap // MB:,} MB "
                "(a stream compressed more than once?)."
            )
        self.left -= len(out)
        return out + inflater.flush()


class BoundedDevice(PDFPageAggregator):
    """pdfminer's page device, counting pages and characters against the limits in force."""

    pages = characters = page_characters = 0

    def begin_page(self, page, ctm):
        self.pages += 1
        self.page_characters = 0
        if self.pages > active.pages:
            raise OverLimit(f"the PDF has more than the limit of {active.pages:,} pages.")
        super().begin_page(page, ctm)

    def render_char(self, *args, **kwargs):
        self.characters += 1
        self.page_characters += 1
        if self.page_characters > active.page_characters:
            raise OverLimit(
                f"page {self.pages} has more than the limit of {active.page_characters:,} characters on a page."
            )
        if self.characters > active.characters:
            raise OverLimit(f"the PDF has more than the limit of {active.characters:,} characters.")
        return super().render_char(*args, **kwargs)


class BoundedInterpreter(PDFPageInterpreter):
    """pdfminer's interpreter, refusing forms (XObjects) nested deeper than the limit in force."""

    depth = 0

    def subinterp(self):
        inner = super().subinterp()
        inner.depth = self.depth + 1
        if inner.depth > active.form_depth:
            raise OverLimit(f"the PDF nests forms (XObjects) deeper than the limit of {active.form_depth}.")
        return inner
