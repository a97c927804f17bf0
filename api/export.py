"""Everything the API serves, as one gzip file of JSON Lines: one object a line, `{"type": resource, ...}` with
every `include`, in the API's own form (a mirror can load it, then keep in step with `updated_since`)."""

import gzip
import json
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

from ninja.responses import NinjaJSONEncoder

from .serialize import in_chunks
from .views import RESOURCES

CHUNK_SIZE = 500


def as_json(resource, item: dict) -> str:
    """An object exactly as the API renders it (the same schema, the same encoder)."""
    shown = resource.item.model_validate(item).model_dump()
    return json.dumps({"type": resource.name, **shown}, cls=NinjaJSONEncoder, ensure_ascii=False)


def lines() -> Iterator[str]:
    for resource in RESOURCES:
        for chunk in in_chunks(resource.rows(resource.queryset()), CHUNK_SIZE):
            for item in resource.build(chunk, set(resource.includes)):
                yield as_json(resource, item)


def write(path: Path) -> int:
    """Write the file at `path` (replaced whole, never half-written); returns the number of lines."""
    path.parent.mkdir(parents=True, exist_ok=True)
    count = 0
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".bulk-", suffix=".jsonl.gz")
    try:
        with os.fdopen(handle, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb") as out:
            for line in lines():
                out.write(line.encode() + b"\n")
                count += 1
        os.replace(temporary, path)
    except BaseException:
        os.unlink(temporary)
        raise
    return count
