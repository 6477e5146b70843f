"""Ranks, percentiles, quartiles and medians on small hand-checked sets, ties included."""

from __future__ import annotations

from decimal import Decimal

from central.ranking import Standing, change, change_percent, median, per_hundred, standings


def test_ties_share_the_best_rank_and_the_next_rank_counts_them() -> None:
    values = {1: 10, 2: 20, 3: 20, 4: 30, 5: None}
    result = standings(values)
    assert result == {
        4: Standing(rank=1, count=4, percentile=Decimal("87.50"), quartile=1),
        2: Standing(rank=2, count=4, percentile=Decimal("50.00"), quartile=2),
        3: Standing(rank=2, count=4, percentile=Decimal("50.00"), quartile=2),
        1: Standing(rank=4, count=4, percentile=Decimal("12.50"), quartile=4),
    }


def test_lower_is_better_reverses_the_order() -> None:
    result = standings(
        {1: Decimal("8.5"), 2: Decimal("12.25"), 3: Decimal("8.5")}, higher_is_better=False
    )
    assert (result[1].rank, result[3].rank, result[2].rank) == (1, 1, 3)
    # 1 and 3: one office worse, two tied: (1 + 1) / 3 = 66.67
    assert result[1].percentile == Decimal("66.67")
    assert result[2].percentile == Decimal("16.67")
    assert (result[1].quartile, result[2].quartile) == (1, 3)


def test_a_lone_office_is_first_in_the_first_quartile_at_the_50th_percentile() -> None:
    assert standings({7: Decimal("3")}) == {7: Standing(1, 1, Decimal("50.00"), 1)}
    assert standings({7: None}) == {}


def test_all_tied() -> None:
    result = standings({n: 5 for n in range(1, 5)})
    assert {s.rank for s in result.values()} == {1}
    assert {s.percentile for s in result.values()} == {Decimal("50.00")}
    assert {s.quartile for s in result.values()} == {1}


def test_quartiles_of_eight_offices() -> None:
    result = standings({n: n for n in range(1, 9)})  # office 8 has the largest value
    assert [result[n].quartile for n in range(8, 0, -1)] == [1, 1, 2, 2, 3, 3, 4, 4]
    assert [result[n].percentile for n in (8, 1)] == [Decimal("93.75"), Decimal("6.25")]


def test_median_is_exact() -> None:
    assert median([10, 20, 20, 30]) == 20
    assert median([Decimal("0.1"), Decimal("0.2")]) == Decimal("0.15")
    assert median([3, 1, 2]) == 2
    assert median([]) is None


def test_per_hundred_and_change() -> None:
    assert per_hundred(261, 2500) == Decimal("10.44")
    assert per_hundred(5, 0) is None and per_hundred(None, 10) is None
    assert change(Decimal("12.5"), 10) == Decimal("2.5")
    assert change_percent(12, 10) == Decimal("20.00")
    assert change_percent(12, 0) is None and change(None, 1) is None
