from django.tasks import task


@task()
def send_reminders() -> int:
    """Send the due-date reminders of every mission (``missions.reminders.reminders_send``).
    Idempotent; schedule it hourly."""
    from .reminders import reminders_send

    return reminders_send()
