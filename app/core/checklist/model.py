"""The checklist as loaded from forms/*.yaml: frozen values, no behaviour beyond look-ups."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from app.core.errors import InputRefused
from app.core.text import Text

SEVERITIES = ("minor", "major", "critical")

# The campaign's ten work items (DOMAIN.md); a checklist belongs to exactly one.
WORK_ITEMS = (
    "illegal_construction",
    "street_order",
    "urban_rural_fringe",
    "old_compounds",
    "key_areas",
    "manufacturing_polluters",
    "wholesale_markets",
    "public_services",
    "underground_group_rental",
    "shanty_public_housing",
)


class ChecklistError(InputRefused):
    """A checklist file that cannot be used; `.problems` lists every mistake found."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


# ---- conditions (structured data, never evaluated Python) --------------------------------


@dataclass(frozen=True, slots=True)
class Compare:
    """`{item: ref, <op>: value}`; op is equals, in, includes, gt, gte, lt or lte."""

    ref: str
    op: str
    value: Any


@dataclass(frozen=True, slots=True)
class Answered:
    """`{item: ref, answered: true|false}`."""

    ref: str
    expected: bool


@dataclass(frozen=True, slots=True)
class AllOf:
    parts: tuple[Condition, ...]


@dataclass(frozen=True, slots=True)
class AnyOf:
    parts: tuple[Condition, ...]


@dataclass(frozen=True, slots=True)
class Not:
    part: Condition


Condition = Compare | Answered | AllOf | AnyOf | Not


# ---- arithmetic for computed values -------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Ref:
    """An operand naming an item or another computed value."""

    id: str


@dataclass(frozen=True, slots=True)
class Arith:
    """`{add|sub|mul|div: [operands]}`."""

    op: str
    args: tuple[Expr, ...]


Expr = float | Ref | Arith


# ---- the checklist --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Option:
    value: str
    label: Text


@dataclass(frozen=True, slots=True)
class Constraint:
    """A condition that must hold when its item is answered; `error` blocks completion."""

    check: Condition
    message: Text
    severity: str = "error"  # "error" or "warning"


@dataclass(frozen=True, slots=True)
class Violation:
    """When `when` holds, the inspection records a finding with this wording."""

    when: Condition
    severity: str
    finding: Text
    legal_basis: Text | None = None
    # The provision that empowers the order to rectify (责令改正的依据); None: the checklist's.
    order_basis: Text | None = None
    # Days to rectify this finding; 0 orders it stopped at once (立即整改); None: the checklist's.
    rectification_days: int | None = None
    # False for a patrol observation (e.g. vendors on the street): recorded, never ordered on
    # the party being inspected.
    ordered: bool = True


@dataclass(frozen=True, slots=True)
class Item:
    id: str
    type: str
    label: Text
    help: Text | None = None
    required: bool = False
    options: tuple[Option, ...] = ()
    allow_na: bool = True
    unit: Text | None = None
    min: Any = None
    max: Any = None
    max_length: int | None = None
    show_if: Condition | None = None
    constraints: tuple[Constraint, ...] = ()
    violations: tuple[Violation, ...] = ()
    photo_min: int = 0
    photo_max: int | None = None
    samples: tuple[str, ...] = ()
    section_id: str = ""
    # A date item's `default:` as days after the inspection's Beijing start date (0 = that
    # day, `today`); None = no default. `rectification_days` is resolved at load time.
    default_days: int | None = None

    def option_values(self) -> tuple[str, ...]:
        """The answer values this item accepts (choices, or yes/no/na)."""
        if self.type == "yes_no_na":
            return ("yes", "no", "na") if self.allow_na else ("yes", "no")
        return tuple(o.value for o in self.options)

    def option_label(self, value: str) -> Text | None:
        """The label shown for an answer value, or None for an unknown value."""
        for option in self.options:
            if option.value == value:
                return option.label
        if self.type == "yes_no_na":
            return YES_NO_NA_LABELS.get(value)
        return None


YES_NO_NA_LABELS = {
    "yes": Text("是", "Yes"),
    "no": Text("否", "No"),
    "na": Text("不适用", "Not applicable"),
}


@dataclass(frozen=True, slots=True)
class Computed:
    """A value worked out from answers, e.g. living area per person; never asked."""

    id: str
    label: Text
    expr: Expr
    unit: Text | None = None
    section_id: str | None = None
    violations: tuple[Violation, ...] = ()


@dataclass(frozen=True, slots=True)
class Section:
    id: str
    title: Text
    items: tuple[Item, ...]
    show_if: Condition | None = None


@dataclass(frozen=True)
class Checklist:
    id: str
    version: int
    work_item: str
    title: Text
    legal_basis: tuple[Text, ...]
    rectification_days: int
    sections: tuple[Section, ...]
    computed: tuple[Computed, ...] = ()
    source_sha256: str = ""
    source: str = ""
    # The provision that empowers the order to rectify, for findings whose violation names none.
    order_basis: Text | None = None
    # What `forms check` warns about but does not refuse (`file:item: …` lines, e.g. a finding
    # without a legal basis); never part of the checklist's identity.
    warnings: tuple[str, ...] = field(default=(), repr=False, compare=False)
    # Look-ups built once at load time so that evaluation stays cheap on every keystroke.
    _items: dict[str, Item] = field(default_factory=dict, repr=False, compare=False)
    # Item and computed ids in an order where everything an id depends on comes first.
    _order: tuple[str, ...] = field(default=(), repr=False, compare=False)
    # Per item: its section's show_if and its own, combined.
    _gates: dict[str, Condition] = field(default_factory=dict, repr=False, compare=False)
    # Per section: its item ids in order (progress counts).
    _section_items: dict[str, tuple[str, ...]] = field(
        default_factory=dict, repr=False, compare=False
    )

    def items(self) -> Iterator[Item]:
        """Every item in document order."""
        for section in self.sections:
            yield from section.items

    def item(self, item_id: str) -> Item:
        """The item with this id; KeyError if there is none."""
        return self._items[item_id]

    def section(self, section_id: str) -> Section:
        """The section with this id; KeyError if there is none."""
        for section in self.sections:
            if section.id == section_id:
                return section
        raise KeyError(section_id)

    def computed_value(self, computed_id: str) -> Computed:
        """The computed-value definition with this id; KeyError if there is none."""
        for c in self.computed:
            if c.id == computed_id:
                return c
        raise KeyError(computed_id)

    def order_basis_for(self, finding: Finding) -> Text | None:
        """The provision empowering the order on this finding: its own, else the checklist's."""
        return finding.order_basis or self.order_basis

    def days_for(self, finding: Finding) -> int:
        """Days given to rectify this finding (0 = at once): its own, else the checklist's."""
        if finding.rectification_days is not None:
            return finding.rectification_days
        return self.rectification_days

    @property
    def key(self) -> str:
        """`id@version`, the name one version of a checklist goes by."""
        return f"{self.id}@{self.version}"


@dataclass(frozen=True, slots=True)
class Finding:
    """One violation found: which item, how serious, what to write in the report."""

    item_id: str
    severity: str
    text: Text
    legal_basis: Text | None = None
    order_basis: Text | None = None  # see Violation
    rectification_days: int | None = None  # see Violation; None: the checklist's period
    ordered: bool = True  # see Violation
