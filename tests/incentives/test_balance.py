"""The balance rule of a portfolio: pure, exact."""

from decimal import Decimal

import pytest

from cocreate.incentives.balance import Item, portfolio_balance

EX, IN = "extrinsic", "intrinsic"


@pytest.mark.parametrize(("natures", "dominates", "percent"), [
    ([], False, None),
    ([IN], False, 0),
    ([EX], True, 100),  # no intrinsic item at all
    ([EX, IN], False, 50),
    ([EX, EX, IN], False, 67),  # exactly 2/3 is still balanced
    ([EX, EX, EX, IN], True, 75),  # more than 2/3
    ([IN, IN, IN], False, 0),
])
def test_extrinsic_dominates_over_two_thirds_or_without_intrinsic(natures, dominates, percent):
    balance = portfolio_balance(Item(n) for n in natures)
    assert balance.extrinsic_dominates is dominates
    assert balance.extrinsic_percent == percent
    assert balance.total == len(natures)


def test_extrinsic_value_is_summed_per_currency_and_intrinsic_value_ignored():
    balance = portfolio_balance([
        Item(EX, Decimal("6000"), "USD"), Item(EX, Decimal("250"), "USD"), Item(EX, Decimal("100000"), "KRW"),
        Item(EX, None, ""), Item(IN, Decimal("999"), "USD"),
    ])
    assert balance.extrinsic_value == {"KRW": Decimal("100000"), "USD": Decimal("6250")}
    assert (balance.extrinsic, balance.intrinsic) == (4, 1)
