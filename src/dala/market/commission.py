"""Commission arithmetic: how a price splits between the platform, a representing gallery and the
artist, exactly, in minor units. Pure functions, no database."""

from __future__ import annotations

from dataclasses import dataclass

BASIS_POINTS = 10_000


@dataclass(frozen=True, slots=True)
class Split:
    platform_fee: int
    gallery_fee: int
    artist_proceeds: int

    @property
    def total(self) -> int:
        return self.platform_fee + self.gallery_fee + self.artist_proceeds


def _share(amount: int, rate_bp: int) -> int:
    # Round half up on exact integers: amount * rate / 10 000 without ever touching a float.
    return (amount * rate_bp + BASIS_POINTS // 2) // BASIS_POINTS


def split_price(amount: int, *, platform_rate_bp: int, gallery_rate_bp: int = 0) -> Split:
    """Split ``amount`` (minor units, > 0): the platform takes its rate of the price, the gallery its
    rate of the price, the artist the rest — so the three always sum to the price.

    Rates are basis points (100 bp = 1 %); together they may not pass 100 %."""
    if amount <= 0:
        raise ValueError("a price is positive")
    if not (0 <= platform_rate_bp <= BASIS_POINTS and 0 <= gallery_rate_bp <= BASIS_POINTS):
        raise ValueError("rates are between 0 and 10 000 basis points")
    if platform_rate_bp + gallery_rate_bp > BASIS_POINTS:
        raise ValueError("the platform and gallery together cannot take more than the price")
    platform = _share(amount, platform_rate_bp)
    gallery = _share(amount, gallery_rate_bp)
    # Both rounded up at .5 could together pass the price by one unit when the rates sum to 100 %.
    gallery = min(gallery, amount - platform)
    return Split(platform_fee=platform, gallery_fee=gallery, artist_proceeds=amount - platform - gallery)


def split_among(amount: int, shares_bp: list[int]) -> list[int]:
    """Split ``amount`` (minor units, ≥ 0) by ``shares_bp`` (basis points, each ≥ 0, summing to 10 000), in
    the same order, so that the parts sum to ``amount`` exactly.

    Largest remainder: each part is first rounded down, then the units left over go one each to the
    parts that lost the most in rounding (the earlier part on a tie, so the lead artist, listed first,
    gets the odd unit)."""
    if amount < 0:
        raise ValueError("an amount is not negative")
    if any(share < 0 for share in shares_bp) or sum(shares_bp) != BASIS_POINTS:
        raise ValueError("shares are basis points summing to 10 000")
    parts = [amount * share // BASIS_POINTS for share in shares_bp]
    remainders = [amount * share % BASIS_POINTS for share in shares_bp]
    left = amount - sum(parts)
    for index in sorted(range(len(parts)), key=lambda i: (-remainders[i], i))[:left]:
        parts[index] += 1
    return parts
