"""R4 evaluation pages, one module per part: the judge's queue and the scorecard (`scoring`).
Later parts (judging assignments, crowd votes, results) each add a module beside it."""

from .scoring import queue, score, send_to_board  # noqa: F401
