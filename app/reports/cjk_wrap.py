"""Chinese line breaking (行首行尾禁则) for every paragraph the documents print.

reportlab's CJK wrapping cuts "like a knife" between any two characters and knows only a
Japanese list of characters that may not start a line: "，" "；" "：" "”" and "》" are missing
from it, it has no list of characters that may not end a line, and it splits numbers, dates and
ids wherever the line is full. GB/T 15834 and common Chinese typesetting practice (the W3C's
"Requirements for Chinese Text Layout", clreq) forbid all of these. `line_ends` is the rule,
pure and tested on its own; `install()` puts it under reportlab's two CJK splitters (the
single-style and the mixed-style paragraph paths) once per process.

The rule, greedy like reportlab's: fill a line; when a character overflows, break at the last
place a break is allowed; if the line has none (one long unbroken id in a narrow cell), cut at
the overflow so that the line never runs past its width, except that one closing mark after
such a line hangs in the margin (标点悬挂) rather than start the next line.
"""

from __future__ import annotations

import threading
import unicodedata
from collections.abc import Sequence
from typing import Any

# May not start a line: closing punctuation, pause and stop marks, closing quotes and brackets.
NO_LINE_START = frozenset(
    "，。、；：！？）］｝〕〉》」』】”’…—·%‰℃°,.;:!?)]}"
    "\u3001\u3002\uff0c\uff1b\uff1a\uff01\uff1f\uff09"
)
# May not end a line: opening quotes and brackets, and signs that belong to what follows.
NO_LINE_END = frozenset("（［｛〔〈《「『【“‘([{#$￥¥＃§№")

# Characters that stick together: a number, a date written with "-", "/" or ":", an id, a
# Latin word. Between two of them no break is allowed.
_UNBREAKABLE_PUNCT = frozenset("-./:_%+#@&'\u00b7")
# 年 月 日 号 时 分 after a digit, and a digit after 年 or 月, keep "2026年12月5日" together.
_DATE_UNITS = frozenset("年月日号时分秒")


def _sticky(ch: str) -> bool:
    """True for characters of a number, a date, an id or a Latin word."""
    if not ch or ord(ch) >= 0x3000 or ch.isspace():
        return False
    return ch.isalnum() or ch in _UNBREAKABLE_PUNCT


def break_allowed(text: str, i: int) -> bool:
    """May a line break between text[i-1] and text[i]? (0 < i < len(text))."""
    before, after = text[i - 1], text[i]
    if unicodedata.category(before) == "Zs":
        return after not in NO_LINE_START
    if unicodedata.category(after) == "Zs":
        return False  # break after the space, not before it
    if after in NO_LINE_START or before in NO_LINE_END:
        return False
    if _sticky(before) and _sticky(after):
        return False
    if before.isdigit() and after in _DATE_UNITS:
        return False
    return not (before in "年月" and after.isdigit())


def line_ends(text: str, widths: Sequence[float], max_widths: Sequence[float],
              fuzz: float = 1e-8) -> list[int]:
    """The end index of each line when `text` (with one width per character) is set in lines
    of `max_widths` (the last repeats). A line exceeds its width only by one hanging closing
    mark, or by a single character wider than the whole line."""
    ends: list[int] = []
    n = len(text)
    start = 0
    while start < n:
        limit = max_widths[min(len(ends), len(max_widths) - 1)]
        used = 0.0
        i = start
        last_ok = -1  # the last allowed break position seen in this line
        while i < n:
            if i > start and break_allowed(text, i):
                last_ok = i
            if used + widths[i] > limit + fuzz and i > start:
                break
            used += widths[i]
            i += 1
        if i >= n:
            ends.append(n)
            break
        # Trailing spaces may overflow: they are not drawn.
        while i < n and unicodedata.category(text[i]) == "Zs":
            i += 1
        if i < n and break_allowed(text, i):
            cut = i
        elif last_ok > start:
            cut = last_ok
        elif text[i] in NO_LINE_START:
            cut = i + 1  # one mark after an unbreakable line hangs in the margin (标点悬挂)
        else:
            cut = i  # no allowed break on this line: cut where it is full
        ends.append(cut)
        start = cut
    return ends


# ---- reportlab adapters -----------------------------------------------------------------------

_installed = False
_lock = threading.Lock()


def _dumb_split(word: str, widths: Sequence[float], max_widths: Any) -> list[list[Any]]:
    """reportlab.lib.textsplit.dumbSplit with our rules: [[extra_space, line_text], ...]."""
    if not isinstance(max_widths, (list, tuple)):
        max_widths = [max_widths]
    lines: list[list[Any]] = []
    start = 0
    for number, end in enumerate(line_ends(word, widths, max_widths)):
        limit = max_widths[min(number, len(max_widths) - 1)]
        text = word[start:end]
        stripped = text.rstrip()
        used = sum(widths[start:start + len(stripped)])
        lines.append([limit - used, stripped if end < len(word) else text])
        start = end
    return lines


def _frag_split(frags: Any, max_widths: Any, calc_bounds: Any, encoding: str = "utf8") -> Any:
    """reportlab.platypus.paragraph.cjkFragSplit with our rules (paragraphs of mixed styles)."""
    from reportlab.platypus import paragraph as rp

    units: list[Any] = []
    for f in frags:
        text = f.text
        if isinstance(text, bytes):
            text = text.decode(encoding)
        if text:
            units.extend(rp.cjkU(t, f, encoding) for t in text)
        else:
            units.append(rp.cjkU(text, f, encoding))
    if not isinstance(max_widths, (list, tuple)):
        max_widths = [max_widths]

    def width_of(u: Any, limit: float) -> float:
        w = u.width
        if hasattr(w, "normalizedValue"):
            w._normalizer = limit
            w = w.normalizedValue(limit)
        return float(w)

    lines: list[Any] = []
    # Forced breaks (<br/>) cut the paragraph into runs that are wrapped one by one.
    run_start = 0
    for k, u in enumerate([*units, None]):
        forced = u is not None and hasattr(u.frag, "lineBreak")
        if u is not None and not forced:
            continue
        run = units[run_start:k + 1] if forced else units[run_start:k]
        text = "".join(str(x) or "\u200b" for x in run)
        limits = [max_widths[min(len(lines) + j, len(max_widths) - 1)]
                  for j in range(max(1, len(run)))]
        widths = [width_of(x, limits[0]) for x in run]
        start = 0
        ends = line_ends(text, widths, limits) if run else [0]
        for number, end in enumerate(ends):
            limit = limits[min(number, len(limits) - 1)]
            used = sum(widths[start:end])
            last = number == len(ends) - 1
            lines.append(rp.makeCJKParaLine(run[start:end], limit, used, limit - used,
                                            forced and last, calc_bounds))
            start = end
        run_start = k + 1
    return rp.ParaLines(kind=1, lines=lines)


def install() -> None:
    """Put our line breaking under reportlab's CJK wrapping (wordWrap='CJK'), once."""
    global _installed
    with _lock:
        if _installed:
            return
        from reportlab.lib import textsplit
        from reportlab.platypus import paragraph

        textsplit.dumbSplit = _dumb_split  # used by wordSplit: one-style paragraphs
        paragraph.cjkFragSplit = _frag_split  # paragraphs with several styles or <br/>
        _installed = True
