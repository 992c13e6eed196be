"""One class per checklist item type (in the spirit of qutebrowser's `configtypes`).

Each type says, in one place, what its answers are: which checklist keys it reads (options,
unit, bounds, a date default), how an answer is checked (`check`: the usable value and the
errors it carries), how a random valid answer is drawn (`sample`: demo data, property tests),
and how an answer is printed on a document (`printed`). The loader, the evaluator, the sampler
and the reports ask the registry (`item_type(name)`) instead of repeating an `if type == …`
switch each; the window's widgets have their own registry (app/ui/editor/item_widgets.py).
A new item type is one class here (registered by `@register`) and one widget there.
"""

from __future__ import annotations

import datetime as dt
import math
import random
import re
from typing import TYPE_CHECKING, Any, ClassVar

from app.core.creditcode import check_credit_code
from app.core.text import Text

if TYPE_CHECKING:
    from app.core.checklist.model import Item

# Python ints are unbounded; anything past 10^15 is a typing accident, and would overflow
# float arithmetic in computed values.
LARGEST = 10**15
TOO_LARGE = Text("数字过大，请核对", "The number is too large; please check it")
_SHA256 = re.compile(r"^[0-9a-f]{64}$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_CREDIT_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_CREDIT_DISTRICTS = ("110101", "110102", "110105", "110106", "110107", "110108", "110112",
                     "110114")
GENERIC_TEXT = ("已现场告知负责人", "负责人不在场，已留联系方式", "无", "详见照片",
                "已责令当场整改")
NOT_ANSWERED = "（未填写）"

Checked = tuple[Any, list[Text]]


def _fmt(x: Any) -> str:
    if isinstance(x, float) and x.is_integer():
        return str(int(x))
    return str(x)


def _unit(item: Item) -> tuple[str, str]:
    if item.unit is None:
        return "", ""
    return f" {item.unit.zh}", f" {item.unit.en}"


class ItemType:
    """What every item type answers; subclasses fill in their own."""

    name: ClassVar[str]
    wrong: ClassVar[Text]  # the error for an answer of the wrong shape
    has_options: ClassVar[bool] = False  # reads `options:`
    unit_required: ClassVar[bool] = False  # `unit:` must be given
    bounds: ClassVar[str | None] = None  # what `min:`/`max:` bound: "number", "date", "count"
    takes_default: ClassVar[bool] = False  # may have a `default:` (dates)
    numeric: ClassVar[bool] = False  # compared as a number in conditions
    whole: ClassVar[bool] = False  # its min/max (and answers) are whole numbers
    keys: ClassVar[frozenset[str]] = frozenset()  # YAML keys of its own (beyond the common)
    comparisons: ClassVar[frozenset[str]] = frozenset({"equals", "in"})  # in conditions

    def answer_values(self, raw: dict[Any, Any]) -> tuple[str, ...] | None:
        """The values an answer can take, read from the item's YAML (None: not a list)."""
        if not self.has_options or not isinstance(raw.get("options"), list):
            return None
        # Only text values: any other is reported where the options are read.
        return tuple(o["value"] for o in raw["options"]
                     if isinstance(o, dict) and isinstance(o.get("value"), str))

    def check(self, item: Item, raw: Any) -> Checked:
        """The usable value of a non-blank answer (None when invalid) and its errors."""
        raise NotImplementedError

    def sample(self, item: Item, rng: random.Random, span: tuple[dt.date, dt.date]) -> Any:
        """A random valid answer; `span` is where a date answer may fall."""
        raise NotImplementedError

    def printed(self, item: Item, value: Any) -> str:
        """A non-blank answer as a document prints it (Chinese)."""
        return str(value)


REGISTRY: dict[str, ItemType] = {}


def register(cls: type[ItemType]) -> type[ItemType]:
    """Class decorator: make the type known by its name."""
    REGISTRY[cls.name] = cls()
    return cls


def item_type(name: str) -> ItemType:
    """The type of this name; KeyError for an unknown one (the loader reports it first)."""
    return REGISTRY[name]


def is_blank(raw: Any) -> bool:
    """No answer: None, blank text, an empty list."""
    return (raw is None or (isinstance(raw, str) and not raw.strip())
            or (isinstance(raw, list | tuple) and not raw))


def check_answer(item: Item, raw: Any) -> Checked:
    """The usable value of an answer (None when blank or invalid) and the errors it carries."""
    if is_blank(raw):
        return None, []
    kind = REGISTRY.get(item.type)
    if kind is None:
        return None, [Text("无效的回答", "Invalid answer")]
    return kind.check(item, raw)


def printed_answer(item: Item, value: Any) -> str:
    """An answer as printed: option labels instead of values, the unit after a number."""
    if value is None or value == "" or value == []:
        return NOT_ANSWERED
    kind = REGISTRY.get(item.type)
    return kind.printed(item, value) if kind is not None else str(value)


# ---- the types ---------------------------------------------------------------------------------


class _OneOption(ItemType):
    has_options = True

    def check(self, item: Item, raw: Any) -> Checked:
        if isinstance(raw, str) and raw in item.option_values():
            return raw, []
        return None, [self.wrong]

    def printed(self, item: Item, value: Any) -> str:
        labels = {o.value: o.label.zh for o in item.options}
        return labels.get(str(value), str(value))


@register
class YesNoNa(_OneOption):
    name = "yes_no_na"
    keys = frozenset({"allow_na"})
    wrong = Text("请选择“是”“否”或“不适用”", "Choose yes, no or not applicable")
    has_options = False  # its three options are fixed, not read from the file

    def answer_values(self, raw: dict[Any, Any]) -> tuple[str, ...] | None:
        return ("yes", "no") if raw.get("allow_na") is False else ("yes", "no", "na")

    def sample(self, item: Item, rng: random.Random, span: tuple[dt.date, dt.date]) -> Any:
        # Inspectors rarely mark "not applicable" on a question that is shown.
        values = item.option_values()
        return rng.choices(values, weights=(10, 10, 1)[: len(values)])[0]

    def printed(self, item: Item, value: Any) -> str:
        label = item.option_label(str(value))
        return label.zh if label is not None else str(value)


@register
class Choice(_OneOption):
    name = "choice"
    keys = frozenset({"options"})
    wrong = Text("请从选项中选择一项", "Choose one of the options")

    def sample(self, item: Item, rng: random.Random, span: tuple[dt.date, dt.date]) -> Any:
        return rng.choice(item.option_values())


@register
class MultiChoice(ItemType):
    name = "multi_choice"
    keys = frozenset({"options", "min", "max"})
    comparisons = frozenset({"includes"})
    wrong = Text("请从选项中选择", "Choose from the options")
    has_options = True
    bounds = "count"
    whole = True

    def check(self, item: Item, raw: Any) -> Checked:
        allowed = item.option_values()
        if not isinstance(raw, list | tuple) or not all(
                isinstance(v, str) and v in allowed for v in raw):
            return None, [self.wrong]
        chosen = tuple(dict.fromkeys(raw))
        errors = []
        if item.min is not None and len(chosen) < item.min:
            errors.append(Text(f"至少选择 {item.min} 项", f"Choose at least {item.min}"))
        if item.max is not None and len(chosen) > item.max:
            errors.append(Text(f"最多选择 {item.max} 项", f"Choose at most {item.max}"))
        return chosen, errors

    def sample(self, item: Item, rng: random.Random, span: tuple[dt.date, dt.date]) -> Any:
        values = list(item.option_values())
        lo = max(1, item.min or 1)
        hi = min(len(values), item.max if item.max is not None else len(values))
        return sorted(rng.sample(values, rng.randint(lo, max(lo, hi))), key=values.index)

    def printed(self, item: Item, value: Any) -> str:
        labels = {o.value: o.label.zh for o in item.options}
        values = value if isinstance(value, list | tuple) else [value]
        return "、".join(labels.get(str(v), str(v)) for v in values)


class _Number(ItemType):
    bounds = "number"
    numeric = True
    keys = frozenset({"unit", "min", "max"})
    comparisons = frozenset({"equals", "in", "gt", "gte", "lt", "lte"})

    def check(self, item: Item, raw: Any) -> Checked:
        if isinstance(raw, bool) or not isinstance(raw, int | float):
            return None, [self.wrong]
        if self.whole and not (isinstance(raw, int) or raw.is_integer()):
            return None, [self.wrong]
        if abs(raw) > LARGEST or not math.isfinite(raw):
            return None, [TOO_LARGE if abs(raw) > LARGEST else self.wrong]
        value: float | int = int(raw) if self.whole else float(raw)
        errors = []
        uz, ue = _unit(item)
        if item.min is not None and value < item.min:
            errors.append(Text(f"不应小于 {_fmt(item.min)}{uz}",
                               f"Must be at least {_fmt(item.min)}{ue}"))
        if item.max is not None and value > item.max:
            errors.append(Text(f"不应大于 {_fmt(item.max)}{uz}",
                               f"Must be at most {_fmt(item.max)}{ue}"))
        return value, errors

    def printed(self, item: Item, value: Any) -> str:
        unit = f" {item.unit.zh}" if item.unit else ""
        number = f"{value:g}" if isinstance(value, float) else str(value)
        return f"{number}{unit}"


@register
class Integer(_Number):
    name = "integer"
    wrong = Text("应填整数", "Enter a whole number")
    whole = True

    def sample(self, item: Item, rng: random.Random, span: tuple[dt.date, dt.date]) -> Any:
        lo = int(item.min) if item.min is not None else 0
        hi = int(item.max) if item.max is not None else lo + 50
        # Small numbers are more common than large ones (people, rooms, openings).
        return lo + int((hi - lo + 1) * rng.random() ** 2.5) if hi > lo else lo


@register
class Decimal(_Number):
    name = "decimal"
    wrong = Text("应填数字", "Enter a number")
    unit_required = True

    def sample(self, item: Item, rng: random.Random, span: tuple[dt.date, dt.date]) -> Any:
        lo = float(item.min) if item.min is not None else 0.0
        hi = float(item.max) if item.max is not None else lo + 100.0
        return min(hi, max(lo, round(lo + (hi - lo) * rng.random() ** 2.5, 1)))


@register
class TextAnswer(ItemType):
    name = "text"
    keys = frozenset({"max_length", "samples"})
    wrong = Text("应填文字", "Enter text")

    def check(self, item: Item, raw: Any) -> Checked:
        if not isinstance(raw, str):
            return None, [self.wrong]
        text = raw.strip()
        if item.max_length is not None and len(text) > item.max_length:
            return text, [Text(f"不应超过 {item.max_length} 个字",
                               f"At most {item.max_length} characters")]
        return text, []

    def sample(self, item: Item, rng: random.Random, span: tuple[dt.date, dt.date]) -> Any:
        text = rng.choice(item.samples or GENERIC_TEXT)
        return text[: item.max_length] if item.max_length else text


@register
class DateAnswer(ItemType):
    name = "date"
    keys = frozenset({"min", "max", "default"})
    comparisons = frozenset({"equals", "in", "gt", "gte", "lt", "lte"})
    wrong = Text("日期格式应为 YYYY-MM-DD", "Enter a date as YYYY-MM-DD")
    bounds = "date"
    takes_default = True

    def check(self, item: Item, raw: Any) -> Checked:
        if not isinstance(raw, str) or not _DATE.match(raw):
            return None, [self.wrong]
        try:
            dt.date.fromisoformat(raw)
        except ValueError:
            return None, [self.wrong]
        errors = []
        if item.min is not None and raw < item.min:
            errors.append(Text(f"不应早于 {item.min}", f"Must not be before {item.min}"))
        if item.max is not None and raw > item.max:
            errors.append(Text(f"不应晚于 {item.max}", f"Must not be after {item.max}"))
        return raw, errors

    def sample(self, item: Item, rng: random.Random, span: tuple[dt.date, dt.date]) -> Any:
        first, last = span
        return (first + dt.timedelta(days=rng.randint(0, (last - first).days))).isoformat()


@register
class Photo(ItemType):
    name = "photo"
    keys = frozenset({"photo_min", "photo_max"})
    comparisons = frozenset()
    wrong = Text("照片记录无效", "The photo list is not valid")

    def check(self, item: Item, raw: Any) -> Checked:
        if not isinstance(raw, list | tuple) or not all(
                isinstance(h, str) and _SHA256.match(h) for h in raw):
            return None, [self.wrong]
        photos = tuple(dict.fromkeys(raw))
        if item.photo_max is not None and len(photos) > item.photo_max:
            return photos, [Text(f"最多 {item.photo_max} 张照片",
                                 f"At most {item.photo_max} photos")]
        return photos, []

    def sample(self, item: Item, rng: random.Random, span: tuple[dt.date, dt.date]) -> Any:
        return []  # photos are real files: the demo attaches them (app.demo.photos)

    def printed(self, item: Item, value: Any) -> str:
        count = len(value) if isinstance(value, list | tuple) else 1
        return f"照片 {count} 张（见现场照片）"


@register
class CreditCode(TextAnswer):
    """统一社会信用代码: text whose GB 32100 check only warns (app.core.checklist.evaluate)."""

    name = "credit_code"
    keys = frozenset()
    wrong = Text("应填统一社会信用代码（18 位）", "Enter the 18-character credit code")

    def sample(self, item: Item, rng: random.Random, span: tuple[dt.date, dt.date]) -> Any:
        return sample_credit_code(rng)


def sample_credit_code(rng: random.Random) -> str:
    """A plausible Beijing business credit code that passes the GB 32100 check."""
    first17 = (
        rng.choice("9999995")  # mostly market-regulation registrations
        + rng.choice("1112")
        + rng.choice(_CREDIT_DISTRICTS)
        + "".join(rng.choice(_CREDIT_ALPHABET) for _ in range(9))
    )
    # The check character is found by asking the shared checker, not by a second copy of it.
    for ch in _CREDIT_ALPHABET:
        if check_credit_code(first17 + ch).ok:
            return first17 + ch
    raise AssertionError("no check character fits")  # one of 31 always does


# The shipped item types, in the order the format documents them (forms/README.md).
ITEM_TYPES = tuple(REGISTRY)
