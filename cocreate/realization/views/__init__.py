"""R4 realization pages, one module per part: the executive board and decisions (`board`).
Later parts (concepts, forwarding, fair rejection, the archive) each add a module beside it."""

from .board import board, board_csv, decide, revive  # noqa: F401
