"""R4 evaluation in /api/v1/, one module per part like the pages (see ``views/``)."""

from ninja import Router

from . import crowd, judging, pairwise, results, scoring

router = Router(tags=["evaluation"])
router.add_router("", scoring.router)
router.add_router("", results.router)
router.add_router("", judging.router)
router.add_router("", pairwise.router)
router.add_router("", crowd.router)
