"""Sharing a round's applications among its reviewers (pure: ids in, ids out, no ORM).

``balanced`` is a deterministic round-robin by current load: the applications are taken in
the order given (the round's order: submitted first), and each gets the ``per_application``
reviewers who have the fewest applications so far, ties going to the reviewer listed first.
Because every application adds one to exactly ``per_application`` loads and always to the
lowest ones, no reviewer ends with more than one application above any other, and the same
input always gives the same plan (so a manager can re-run it and get what they saw)."""

from collections.abc import Hashable, Sequence


def balanced(applications: Sequence[Hashable], reviewers: Sequence[Hashable],
             per_application: int) -> dict[Hashable, list[Hashable]]:
    """Reviewer → the applications they review, each application given ``per_application``
    distinct reviewers, loads differing by at most one."""
    if not 1 <= per_application <= len(reviewers):
        raise ValueError(f"per_application must be between 1 and {len(reviewers)}, not {per_application}")
    load = {r: 0 for r in reviewers}
    position = {r: i for i, r in enumerate(reviewers)}
    plan: dict[Hashable, list[Hashable]] = {r: [] for r in reviewers}
    for application in applications:
        for reviewer in sorted(reviewers, key=lambda r: (load[r], position[r]))[:per_application]:
            plan[reviewer].append(application)
            load[reviewer] += 1
    return plan
