"""R4 realization in /api/v1/, one module per part like the pages (see ``views/``)."""

from ninja import Router

from . import board

router = Router(tags=["realization"])
router.add_router("", board.router)
