"""The one writer of ``bench/RESULTS.md``: each benchmark owns the section between its
``<!-- begin NAME -->`` and ``<!-- end NAME -->`` markers and replaces only that; every
other section is left as it is."""

from __future__ import annotations

from pathlib import Path

RESULTS = Path(__file__).resolve().with_name("RESULTS.md")


def write_section(section: str, begin: str, end: str, path: Path = RESULTS) -> None:
    """Replace the section between ``begin`` and ``end`` with ``section`` (which starts
    with ``begin`` and ends with ``end``), or append it when the file has none yet."""
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    if begin in text and end in text:
        head, rest = text.split(begin, 1)
        _old, tail = rest.split(end, 1)
        text = head + section + tail
    else:
        text = text.rstrip("\n") + ("\n\n" if text else "") + section + "\n"
    path.write_text(text, encoding="utf-8")
