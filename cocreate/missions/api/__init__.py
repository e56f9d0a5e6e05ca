"""R2 missions in /api/v1/, one module per part like the pages (see ``views/``)."""

from ninja import Router

from . import missions, participation, submissions, workspace

router = Router(tags=["missions"])
router.add_router("", missions.router)
router.add_router("", submissions.router)
router.add_router("", participation.router)
router.add_router("", workspace.router)
