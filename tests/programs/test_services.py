import pytest
from django.db import IntegrityError, transaction

from cocreate.core.errors import DomainError
from cocreate.core.models import AuditEvent
from cocreate.programs.enums import AgreementStatus
from cocreate.programs.models import Agreement, AgreementAcceptance
from cocreate.programs.selectors import current_agreement
from cocreate.programs.services import (
    agreement_accept,
    agreement_draft,
    agreement_publish,
    agreement_save,
    agreement_update,
    program_create,
)

pytestmark = pytest.mark.django_db

TEXTS = {"evaluators": "Three judges", "method": "0-10 per criterion", "ip_ownership": "The company",
         "confidentiality": "Until launch"}


def criteria(*weights):
    return [{"name": f"C{i}", "weight": w, "scale_max": 10} for i, w in enumerate(weights)]


def test_weights_must_add_up_to_100(lab):
    manager = lab.users["program_manager"]
    draft = agreement_update(agreement_draft(lab.program, actor=manager), actor=manager,
                             criteria=criteria(25, 25, 25, 24), **TEXTS)
    with pytest.raises(DomainError) as exc:
        agreement_publish(draft, actor=manager)
    assert exc.value.code == "weights_sum"
    assert exc.value.text == "The criteria weights add up to 99; they must add up to 100."
    draft.refresh_from_db()
    assert draft.status == AgreementStatus.DRAFT
    agreement_update(draft, actor=manager, criteria=criteria(25, 25, 25, 25))
    assert agreement_publish(draft, actor=manager).status == AgreementStatus.PUBLISHED


def test_weights_message_is_marked_for_translation(lab):
    from django.utils.functional import Promise

    manager = lab.users["program_manager"]
    draft = agreement_update(agreement_draft(lab.program, actor=manager), actor=manager,
                             criteria=criteria(50, 49), **TEXTS)
    with pytest.raises(DomainError) as exc:
        agreement_publish(draft, actor=manager)
    # A lazy translation: rendered in the language of whoever reads it.
    assert isinstance(exc.value.error_list[0].message, Promise)


def test_a_new_version_supersedes_the_old_and_partners_accept_again(lab):
    manager, partner = lab.users["program_manager"], lab.users["partner"]
    assert partner.has_perm("missions.view_mission", lab.mission) is True
    draft = agreement_draft(lab.program, actor=manager)
    assert draft.version == 2
    assert sorted(draft.criteria.values_list("weight", flat=True)) == [25, 25, 25, 25]  # copied from v1
    agreement_update(draft, actor=manager, confidentiality="Until launch, and a year after")
    agreement_publish(draft, actor=manager)
    lab.agreement.refresh_from_db()
    assert lab.agreement.status == AgreementStatus.SUPERSEDED
    assert current_agreement(lab.program) == draft
    partner = type(partner).objects.get(pk=partner.pk)  # a fresh request sees the new state
    assert partner.has_perm("missions.view_mission", lab.mission) is False
    acceptance = agreement_accept(draft, user=partner)
    assert (acceptance.version, acceptance.agreement) == (2, draft)
    partner = type(partner).objects.get(pk=partner.pk)
    assert partner.has_perm("missions.view_mission", lab.mission) is True
    # The old acceptance stays on record, with its version.
    assert list(AgreementAcceptance.objects.filter(user=partner).values_list("version", flat=True)
                .order_by("version")) == [1, 2]


def test_acceptance_is_idempotent_and_unique_in_the_database(lab):
    pending = lab.users["partner_pending"]
    first = agreement_accept(lab.agreement, user=pending)
    second = agreement_accept(lab.agreement, user=pending)
    assert first == second
    assert AgreementAcceptance.objects.filter(user=pending).count() == 1
    assert AuditEvent.objects.filter(verb="agreement.accepted", actor=pending).count() == 1
    with pytest.raises(IntegrityError), transaction.atomic():
        AgreementAcceptance.objects.create(agreement=lab.agreement, user=pending, version=1)


def test_anyone_may_accept_while_the_program_has_a_public_or_pool_mission(lab):
    """Taking part in a public mission (Threadless' open design challenge) means the same terms."""
    member = lab.users["member"]
    for visibility in ("cohort", "confidential"):
        lab.mission.visibility = visibility
        lab.mission.save(update_fields=["visibility"])
        with pytest.raises(DomainError):
            agreement_accept(lab.agreement, user=member)
    for visibility in ("pool", "public"):
        lab.mission.visibility = visibility
        lab.mission.save(update_fields=["visibility"])
        assert agreement_accept(lab.agreement, user=member).user == member
    assert AgreementAcceptance.objects.filter(agreement=lab.agreement, user=member).count() == 1


def test_only_partners_accept_and_only_the_version_in_force(lab):
    with pytest.raises(DomainError) as exc:
        agreement_accept(lab.agreement, user=lab.users["member"])
    assert exc.value.code == "not_partner"
    manager = lab.users["program_manager"]
    draft = agreement_draft(lab.program, actor=manager)
    with pytest.raises(DomainError) as exc:
        agreement_accept(draft, user=lab.users["partner_pending"])
    assert exc.value.code == "not_published"


def test_agreement_save_keeps_the_draft_when_publishing_is_refused(lab):
    manager = lab.users["program_manager"]
    with pytest.raises(DomainError):
        agreement_save(lab.program, actor=manager, criteria=criteria(25, 25, 25, 24), publish=True, **TEXTS)
    draft = Agreement.objects.get(program=lab.program, status=AgreementStatus.DRAFT)
    assert sorted(draft.criteria.values_list("weight", flat=True)) == [24, 25, 25, 25]
    assert draft.evaluators == "Three judges"
    published = agreement_save(lab.program, actor=manager, criteria=criteria(25, 25, 25, 25), publish=True)
    assert published.pk == draft.pk and Agreement.objects.get(pk=draft.pk).status == AgreementStatus.PUBLISHED


def test_program_slug_never_shadows_a_page(lab):
    program = program_create(organization=lab.org, actor=lab.users["program_manager"], title="New", goal="g")
    assert program.slug == "new-program"
    assert program_create(organization=lab.org, actor=None, title="New", goal="g").slug == "new-program-2"


def test_program_create_refuses_stages_out_of_order(lab):
    import datetime

    d = datetime.date(2030, 1, 10)
    with pytest.raises(DomainError) as exc:
        program_create(organization=lab.org, actor=None, title="T", goal="g", recruiting_starts=d,
                       recruiting_ends=d - datetime.timedelta(days=1))
    assert exc.value.text == "Recruiting ends before it starts."


def test_publishing_a_new_version_tells_every_partner(lab, mailoutbox, django_capture_on_commit_callbacks):
    from cocreate.notifications.models import Notification

    manager = lab.users["program_manager"]
    draft = agreement_draft(lab.program, actor=manager)
    with django_capture_on_commit_callbacks(execute=True):
        agreement_publish(draft, actor=manager)
    told = set(Notification.objects.filter(kind="agreement_published").values_list("user_id", flat=True))
    assert told == {lab.users["partner"].pk, lab.users["partner_pending"].pk}
    assert sorted(m.to[0] for m in mailoutbox) == sorted([lab.users["partner"].email,
                                                           lab.users["partner_pending"].email])
    assert mailoutbox[0].subject == f"Version 2 of the agreement of “{lab.program.title}” is published"
