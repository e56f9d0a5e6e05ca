"""R4 realization pages, one module per part: the executive board and decisions (`board`).
Later parts (concepts, forwarding, fair rejection, the archive) each add a module beside it."""

from .archive import archive  # noqa: F401
from .board import board, board_csv, board_mark_seen, board_xlsx, overdue  # noqa: F401
from .concepts import (  # noqa: F401
    classify,
    clustering_run,
    concept,
    concepts,
    idea_duplicates,
    similar,
    suggestion_action,
)
from .decisions import (  # noqa: F401
    decide,
    reason_action,
    reason_edit,
    reasons,
    reasons_suggested,
    release,
    revive,
    revive_into,
    staged,
    withdraw,
)
from .fairness import (  # noqa: F401
    appeal,
    appeal_assign,
    appeal_file,
    appeals,
    explanation,
    explanation_request,
    explanation_step,
    explanations,
)
from .forwarding import acknowledge, forward, forward_concept, forwarded  # noqa: F401
