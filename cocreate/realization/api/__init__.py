"""R4 realization in /api/v1/, one module per part like the pages (see ``views/``)."""

from ninja import Router

from . import board, concepts, decisions, fairness, forwarding

router = Router(tags=["realization"])
router.add_router("", board.router)
router.add_router("", decisions.router)
router.add_router("", fairness.router)
router.add_router("", concepts.router)
router.add_router("", forwarding.router)
