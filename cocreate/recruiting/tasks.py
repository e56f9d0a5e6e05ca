from django.tasks import task


@task()
def run_import(job_id: int) -> None:
    """Import an applicant file's rows (``recruiting.imports.import_run``); idempotent, so a
    retried task continues where the last one stopped."""
    from .imports import import_run

    import_run(job_id)


@task()
def anonymise_applicants(organization_id: int | None = None) -> int:
    """Anonymise declined and withdrawn applicants past their organization's retention period
    (``recruiting.services.applications_anonymise_expired``), for one organization or all.
    Idempotent: a second run finds nothing left to erase. Schedule it daily."""
    from cocreate.organizations.models import Organization

    from .services import applications_anonymise_expired

    organization = None
    if organization_id is not None:
        organization = Organization.objects.filter(pk=organization_id).first()
        if organization is None:
            return 0
    return applications_anonymise_expired(organization)


@task()
def expire_invitations() -> int:
    """Expire selection invitations past their deadline and refill their seats from the
    waitlist (``recruiting.cohorts.invitations_expire``). Idempotent; schedule it hourly."""
    from .cohorts import invitations_expire

    return invitations_expire()
