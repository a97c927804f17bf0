"""`make intake-score`: each corpus document read as the admin reads an upload, and what an editor would still fix."""

import os
import sys


def main() -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tracker.settings")
    os.environ.setdefault("DJANGO_SECRET_KEY", "intake-score-only")
    import django

    django.setup()
    from tests.intake.corpus import corpus, score

    print(f"{'document':34} {'layout':26} {'found':>7} {'paired':>7} {'extra':>5} {'err':>4} {'chk':>4} {'warn':>4} "
          f"{'secs':>6}  front matter")  # fmt: skip
    exact = 0
    for document in corpus():
        s = score(document)
        exact += s.exact and not s.front_wrong
        front = ("wrong: " + ", ".join(s.front_wrong)) if s.front_wrong else ("right" if document.front else "-")
        counts = f"{s.found:>3}/{s.expected:<3} {s.paired:>3}/{s.expected:<3} {s.extra:>5}"
        doubts = f"{s.doubts['error']:>4} {s.doubts['check']:>4} {s.doubts['warning']:>4}"
        print(f"{s.name:34} {s.layout:26} {counts} {doubts} {s.seconds:>6.1f}  {front}")
    print(f"{exact} of {len(corpus())} documents read exactly (time: file to draft, on this machine as loaded now).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
