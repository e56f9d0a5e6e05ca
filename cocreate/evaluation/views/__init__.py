"""R4 evaluation pages, one module per part: the judge's queue and the scorecard (`scoring`).
Later parts (judging assignments, crowd votes, results) each add a module beside it."""

from .crowd import idea_rate, vote_flag_resolve, vote_flags_page  # noqa: F401
from .judging import conflict_withdraw, conflicts, judging, judging_assign, judging_auto, judging_unassign  # noqa: F401
from .pairwise import pairwise_ranking_page, pairwise_vote_page  # noqa: F401
from .results import program_results_page  # noqa: F401
from .scoring import queue, score, send_to_board  # noqa: F401
