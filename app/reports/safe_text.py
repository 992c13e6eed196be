"""Text from the database made safe to print: what reportlab can encode, of a printable length.

Names, addresses, answers and captions come from people and from files (answers files, sync
bundles); the PDF must still be written whatever they hold. Two things broke it: a lone
surrogate (reportlab encodes to UTF-8: UnicodeEncodeError) and a text so long that its table
row is taller than a page (reportlab's LayoutError). Control characters are dropped too (they
print as boxes or, like NUL, confuse the text layer). Markup needs nothing here: the renderers
escape every text (layout.para).
"""

from __future__ import annotations

import dataclasses
import unicodedata
from typing import Any, TypeVar

T = TypeVar("T")

_KEEP = {"\n", "\t"}


def clean(text: str) -> str:
    """The text without lone surrogates (→ U+FFFD) and control characters (tab, newline kept)."""
    if text.isprintable():
        return text  # the common case, checked in C
    out = []
    for ch in text:
        if "\ud800" <= ch <= "\udfff":
            out.append("\ufffd")
        elif ch in _KEEP or unicodedata.category(ch) not in ("Cc", "Cs"):
            out.append(ch)
    return "".join(out)


def shortened(text: str, limit: int) -> str:
    """At most `limit` characters and `limit // 40` lines, with a note of how much was left out.

    Lines count too: 150 short lines are as tall as 6,000 characters run together.
    """
    lines = max(3, limit // 40)
    cut = min(limit, len(text))
    start = 0
    for _ in range(lines):
        nl = text.find("\n", start, cut)
        if nl < 0:
            break
        start = nl + 1
    else:
        cut = start - 1  # the line limit comes first
    if cut >= len(text):
        return text
    left = len(text) - cut
    return f"{text[:cut]}…（以下 {left} 字从略 / {left} more characters omitted）"


def printable(value: T, limit: int | None = None) -> T:
    """A copy of a report value (frozen dataclasses, tuples, strings) with every text cleaned,
    and shortened to `limit` characters when one is given."""
    result: T = _walk(value, limit)
    return result


def _walk(value: Any, limit: int | None) -> Any:
    if isinstance(value, str):
        text = clean(value)
        return shortened(text, limit) if limit is not None else text
    if isinstance(value, tuple):
        return tuple(_walk(v, limit) for v in value)
    if isinstance(value, list):
        return [_walk(v, limit) for v in value]
    if isinstance(value, dict):
        return {k: _walk(v, limit) for k, v in value.items()}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {f.name: _walk(getattr(value, f.name), limit)
                   for f in dataclasses.fields(value) if f.init}
        return dataclasses.replace(value, **changes)
    return value
