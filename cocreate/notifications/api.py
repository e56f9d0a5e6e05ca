"""/me/notifications: what happened to your ideas and applications."""

from ninja import Query, Router

from cocreate.core.api import Page, PageParams, answers, page, page_of

from .kinds import render
from .schemas import MarkReadIn, MarkReadOut, NotificationFilter, NotificationOut
from .selectors import notifications_for
from .services import notification_mark_read

router = Router(tags=["notifications"])


@router.get("/me/notifications", response=answers({200: Page[NotificationOut]}, 401))
def notification_list(request, params: Query[PageParams], filters: Query[NotificationFilter]):
    """Your notifications, newest first, written in the language of the request."""
    qs = notifications_for(request.user)
    if filters.unread:
        qs = qs.filter(read_at__isnull=True)
    rows, count = page_of(qs, params)
    items = []
    for n in rows:
        subject, body = render(n.kind, n.params)
        items.append(NotificationOut(id=n.pk, kind=n.kind, subject=subject, body=body, url=n.url,
                                     created_at=n.created_at, read=n.read_at is not None))
    return page(items, count, params)


@router.post("/me/notifications/read", response=answers({200: MarkReadOut}, 401, 422))
def notification_read(request, data: MarkReadIn):
    """Mark one notification (``id``) or all of them read."""
    return MarkReadOut(marked=notification_mark_read(request.user, pk=data.id))
