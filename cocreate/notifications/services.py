from collections.abc import Iterable

from django.db import transaction

from .models import Notification


def notify(users: Iterable, kind: str, *, params: dict, url: str = "") -> list[Notification]:
    """Store one in-app notification per person and mail each after the surrounding
    transaction commits, so a rolled-back change sends nothing."""
    from .tasks import send_notification_email

    created = [
        Notification.objects.create(user=user, kind=kind, params=params, url=url)
        for user in {u.pk: u for u in users if u is not None}.values()
    ]
    for n in created:
        transaction.on_commit(lambda pk=n.pk: send_notification_email.enqueue(pk))
    return created


def notification_mark_read(user, *, pk: int | None = None) -> int:
    """Mark one or all of a person's notifications read; returns how many changed."""
    from django.utils import timezone

    qs = Notification.objects.filter(user=user, read_at__isnull=True)
    if pk is not None:
        qs = qs.filter(pk=pk)
    return qs.update(read_at=timezone.now())
