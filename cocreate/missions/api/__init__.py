"""R2 missions in /api/v1/, one module per part like the pages (see ``views/``)."""

from ninja import Router

from . import missions

router = Router(tags=["missions"])
router.add_router("", missions.router)
