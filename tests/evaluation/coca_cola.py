"""The Coca-Cola pattern's expected figures, computed apart from the product's code: the
journeys (browser and API) compare every page and answer with these."""

from fractions import Fraction


def expected_points(criteria, scores: dict, supporters: list[list[str]]) -> dict[str, tuple[Fraction, list[Fraction]]]:
    """Each idea's total and points per criterion, from the raw numbers: a judged criterion
    (the first three) is the judges' mean divided by its highest score; the participants' vote
    (the fourth) is the idea's supports divided by the most supports any idea of the program
    received; each times its weight. ``scores``: title -> [(judge values) per judged criterion];
    ``supporters``: the titles each person supports."""
    judged, vote = criteria[:3], criteria[3]
    supports = {title: sum(title in chosen for chosen in supporters) for title in scores}
    most = max(supports.values())
    out = {}
    for title, rows in scores.items():
        points = [Fraction(c.weight) * Fraction(sum(pair), len(pair)) / c.scale_max
                  for c, pair in zip(judged, rows, strict=True)]
        points.append(Fraction(vote.weight) * Fraction(supports[title], most))
        out[title] = (sum(points), points)
    return out
