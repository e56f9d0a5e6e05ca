"""A non-material version is announced too: nothing about the agreement changes silently."""

from cocreate.notifications.models import Notification
from cocreate.programs.services import agreement_draft, agreement_publish, agreement_update


def test_a_non_material_version_tells_every_partner_whose_acceptance_carried(lab, django_capture_on_commit_callbacks):
    manager, partner, pending = lab.users["program_manager"], lab.users["partner"], lab.users["partner_pending"]
    draft = agreement_update(agreement_draft(lab.program, actor=manager), actor=manager, is_material=False,
                             confidentiality="Until launch (typo fixed)")
    with django_capture_on_commit_callbacks(execute=True):
        agreement_publish(draft, actor=manager)
    notes = list(Notification.objects.filter(kind="agreement_updated"))
    assert [(n.user, n.params) for n in notes] == [(partner, {"program": lab.program.title, "version": 2})]
    assert notes[0].url == f"/o/{lab.org.slug}/programs/{lab.program.slug}/agreement/"
    assert not Notification.objects.filter(user=pending, kind__startswith="agreement_").exists()
    assert not Notification.objects.filter(kind="agreement_published").exists()


def test_a_material_version_is_not_also_announced_as_updated(lab, django_capture_on_commit_callbacks):
    manager = lab.users["program_manager"]
    draft = agreement_update(agreement_draft(lab.program, actor=manager), actor=manager, is_material=True,
                             confidentiality="Until launch, and two years after")
    with django_capture_on_commit_callbacks(execute=True):
        agreement_publish(draft, actor=manager)
    assert not Notification.objects.filter(kind="agreement_updated").exists()
    assert Notification.objects.filter(kind="agreement_published").count() == 2


def test_a_material_version_also_tells_those_who_accepted_for_a_public_mission(lab,
                                                                                django_capture_on_commit_callbacks):
    """Someone beyond the partners who accepted the terms to enter a public design contest must
    accept the new version too, so they are told like the partners."""
    from cocreate.programs.services import agreement_accept

    manager, member = lab.users["program_manager"], lab.users["member"]
    lab.mission.visibility = "public"
    lab.mission.save(update_fields=["visibility"])
    agreement_accept(lab.agreement, user=member)
    draft = agreement_update(agreement_draft(lab.program, actor=manager), actor=manager, is_material=True,
                             confidentiality="Until launch, and two years after")
    with django_capture_on_commit_callbacks(execute=True):
        agreement_publish(draft, actor=manager)
    told = set(Notification.objects.filter(kind="agreement_published").values_list("user_id", flat=True))
    assert told == {lab.users["partner"].pk, lab.users["partner_pending"].pk, member.pk}
