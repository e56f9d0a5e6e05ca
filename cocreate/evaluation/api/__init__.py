"""R4 evaluation in /api/v1/, one module per part like the pages (see ``views/``)."""

from ninja import Router

from . import scoring

router = Router(tags=["evaluation"])
router.add_router("", scoring.router)
