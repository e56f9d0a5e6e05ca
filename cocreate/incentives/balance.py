"""The balance of an incentive portfolio between extrinsic and intrinsic rewards. Pure.

The report warns that too much cash or "spec-building" reward harms the purity of
participation: extrinsic rewards crowd out intrinsic motivation (mission, achievement,
honour). The rule flags a portfolio as *extrinsic-heavy* when it has extrinsic items but no
intrinsic one, or when extrinsic items are more than two thirds of all items. Counting items
rather than money keeps the rule comparable across currencies and across products whose
value nobody stated; the money value is shown beside it for judgement."""

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

EXTRINSIC_LIMIT = Fraction(2, 3)


@dataclass(frozen=True)
class Item:
    nature: str  # "extrinsic" or "intrinsic"
    value: Decimal | None = None  # total stated value of the item (budget, or amount × quantity)
    currency: str = ""


@dataclass(frozen=True)
class Balance:
    extrinsic: int
    intrinsic: int
    extrinsic_value: dict[str, Decimal] = field(default_factory=dict)  # currency → total

    @property
    def total(self) -> int:
        return self.extrinsic + self.intrinsic

    @property
    def extrinsic_share(self) -> float | None:
        """Share of extrinsic items, 0..1; None for an empty portfolio."""
        return None if not self.total else self.extrinsic / self.total

    @property
    def extrinsic_percent(self) -> int | None:
        share = self.extrinsic_share
        return None if share is None else round(share * 100)

    @property
    def extrinsic_dominates(self) -> bool:
        if self.extrinsic == 0:
            return False
        return self.intrinsic == 0 or Fraction(self.extrinsic, self.total) > EXTRINSIC_LIMIT


def portfolio_balance(items: Iterable[Item]) -> Balance:
    extrinsic = intrinsic = 0
    values: dict[str, Decimal] = {}
    for item in items:
        if item.nature == "intrinsic":
            intrinsic += 1
            continue
        extrinsic += 1
        if item.value is not None:
            values[item.currency] = values.get(item.currency, Decimal(0)) + item.value
    return Balance(extrinsic, intrinsic, dict(sorted(values.items())))
