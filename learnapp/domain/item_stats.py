"""Quiz item statistics over plain sums: facility and point-biserial discrimination."""

from __future__ import annotations

import math
from dataclasses import dataclass


@dataclass(frozen=True)
class ItemSums:
    """Sums over the attempts that drew one question: x is the item fraction (0..1), y the attempt score (0..1)."""

    count: int
    sum_x: float
    sum_xx: float
    sum_y: float
    sum_yy: float
    sum_xy: float


def facility(sums: ItemSums) -> float | None:
    """The mean fraction correct as a percentage, to one decimal; None without attempts."""
    return round(100 * sums.sum_x / sums.count, 1) if sums.count else None


def discrimination(sums: ItemSums) -> float | None:
    """Point-biserial (Pearson) correlation of the item fraction with the attempt score, to two decimals.

    None when fewer than two attempts or when either the item or the score does not vary.
    """
    n = sums.count
    if n < 2:
        return None
    covariance = n * sums.sum_xy - sums.sum_x * sums.sum_y
    variance_x = n * sums.sum_xx - sums.sum_x**2
    variance_y = n * sums.sum_yy - sums.sum_y**2
    if variance_x <= 1e-12 or variance_y <= 1e-12:
        return None
    return round(covariance / math.sqrt(variance_x * variance_y), 2)
