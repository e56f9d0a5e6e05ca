from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.tasks import task
from django.utils import timezone, translation

from .kinds import render
from .models import Notification


@task()
def send_notification_email(notification_id: int) -> bool:
    """Mail one notification in its recipient's language. Idempotent: the row is locked and
    stamped, so a retried task never sends twice."""
    with transaction.atomic():
        n = (
            Notification.objects.select_for_update()
            .select_related("user")
            .filter(pk=notification_id, emailed_at__isnull=True)
            .first()
        )
        if n is None or not n.user.email or not n.user.is_active:
            return False
        with translation.override(n.user.language or settings.LANGUAGE_CODE):
            subject, body = render(n.kind, n.params)
            if n.url:
                base = getattr(settings, "SITE_URL", "http://127.0.0.1:8000")
                body = f"{body}\n\n{base}{n.url}"
        send_mail(subject, body, None, [n.user.email])
        n.emailed_at = timezone.now()
        n.save(update_fields=["emailed_at"])
    return True
