from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.tasks import task
from django.utils import timezone, translation

from .kinds import render
from .models import Notification


@task()
def send_notification_email(notification_id: int) -> bool:
    """Mail one notification in its recipient's language, at most once.

    The notification is stamped (``emailed_at``) and the stamp committed *before* the mail
    leaves, so a task run again after its worker died (``core.leases``) finds it stamped and
    sends nothing: a person never gets the same mail twice. Should sending fail with an
    error, the stamp is lifted again so that the retried task sends it. The one mail that
    can be lost is the one whose worker was killed between the stamp and the hand-over to
    the mail server; the message carries a stable Message-ID so mail clients recognise a
    copy should an operator ever send it again by hand."""
    with transaction.atomic():
        n = (
            Notification.objects.select_for_update()
            .select_related("user")
            .filter(pk=notification_id, emailed_at__isnull=True)
            .first()
        )
        if n is None or not n.user.email or not n.user.is_active:
            return False
        stamp = timezone.now()
        Notification.objects.filter(pk=n.pk).update(emailed_at=stamp)
    with translation.override(n.user.language or settings.LANGUAGE_CODE):
        subject, body = render(n.kind, n.params)
        if n.url:
            base = getattr(settings, "SITE_URL", "http://127.0.0.1:8000")
            body = f"{body}\n\n{base}{n.url}"
    domain = urlsplit(getattr(settings, "SITE_URL", "")).hostname or "cocreate.localhost"
    message = EmailMessage(subject, body, None, [n.user.email],
                           headers={"Message-ID": f"<notification-{n.pk}@{domain}>"})
    try:
        message.send()
    except BaseException:
        Notification.objects.filter(pk=n.pk, emailed_at=stamp).update(emailed_at=None)
        raise
    return True
