"""Incentive services: defaults and validation, idempotent grants within quantity and budget,
delivery and cancellation, and evaluation of every condition with exact results."""

from decimal import Decimal

import pytest
from django.core.management import call_command

from cocreate.core.errors import DomainError
from cocreate.core.models import AuditEvent
from cocreate.ideas.enums import Channel, IdeaState
from cocreate.incentives import services
from cocreate.incentives.models import Grant
from cocreate.notifications.models import Notification
from tests import factories as f

from .helpers import grant_of, incentive_of, mission_idea, score

pytestmark = pytest.mark.django_db


def test_nature_defaults_from_kind_and_can_be_overridden(lab):
    pm = lab.users["program_manager"]
    cash = services.incentive_create(lab.program, actor=pm, kind="cash", title="Prize money", amount=Decimal(1000),
                                     currency="usd")
    credit = services.incentive_create(lab.program, actor=pm, kind="name_credit", title="Your name on the label")
    trip = services.incentive_create(lab.program, actor=pm, kind="other", nature="intrinsic", title="Studio day")
    assert (cash.nature, cash.currency, cash.order) == ("extrinsic", "USD", 0)
    assert (credit.nature, credit.order) == ("intrinsic", 1)
    assert (trip.nature, trip.order) == ("intrinsic", 2)
    assert AuditEvent.objects.filter(verb="incentive.created").count() == 3


def test_invalid_incentives_report_every_problem(lab):
    other_mission = f.MissionFactory()
    with pytest.raises(DomainError) as e:
        services.incentive_create(lab.program, actor=None, kind="cash", title=" ", condition="mission_complete",
                                  mission=other_mission)
    assert sorted(x.code for x in e.value.error_list) == ["amount_required", "mission_program", "title_required"]
    with pytest.raises(DomainError) as e:
        services.incentive_create(lab.program, actor=None, kind="invitation", title="Visit", condition="top_n")
    assert sorted(x.code for x in e.value.error_list) == ["invitation_to_required", "top_n_required"]


def test_update_changes_kind_and_its_default_nature(lab):
    i = incentive_of(lab.program, "product", title="Shoes")
    services.incentive_update(i, actor=None, kind="early_access")
    i.refresh_from_db()
    assert (i.kind, i.nature) == ("early_access", "intrinsic")
    assert AuditEvent.objects.filter(verb="incentive.updated").count() == 1
    services.incentive_update(i, actor=None, title="Shoes")  # nothing changed, nothing written
    assert AuditEvent.objects.filter(verb="incentive.updated").count() == 1


def test_grant_is_idempotent_per_incentive_person_and_source(lab, mailoutbox, django_capture_on_commit_callbacks):
    i = incentive_of(lab.program, "prize")
    partner = lab.users["partner"]
    partner.language = "ko"
    partner.save()
    with django_capture_on_commit_callbacks(execute=True):
        first = services.incentive_grant(i, user=partner, actor=lab.users["program_manager"], reason="Best design")
        again = services.incentive_grant(i, user=partner, actor=lab.users["program_manager"], reason="Best design")
    assert first.pk == again.pk and first.status == "promised" and first.source == ""
    assert Grant.objects.count() == 1
    assert list(Notification.objects.values_list("user", "kind")) == [(partner.pk, "incentive_promised")]
    assert len(mailoutbox) == 1 and mailoutbox[0].to == [partner.email]
    other = services.incentive_grant(i, user=partner, actor=None, reason="Second design", source="design-2")
    assert other.pk != first.pk and Grant.objects.count() == 2


def test_grant_needs_a_reason(lab):
    with pytest.raises(DomainError) as e:
        services.incentive_grant(incentive_of(lab.program), user=lab.users["partner"], actor=None, reason="  ")
    assert e.value.code == "reason_required"


def test_grants_beyond_the_quantity_are_refused(lab):
    i = incentive_of(lab.program, "product", quantity=1, amount=Decimal("120"), currency="EUR")
    services.incentive_grant(i, user=lab.users["partner"], actor=None, reason="First")
    with pytest.raises(DomainError) as e:
        services.incentive_grant(i, user=lab.users["partner_pending"], actor=None, reason="Second")
    assert e.value.code == "quantity"
    assert str(e.value.messages[0]) == "“product reward” is used up: all 1 were granted."


def test_grants_beyond_the_budget_are_refused_and_cancelled_ones_free_it(lab):
    i = incentive_of(lab.program, "cash", amount=Decimal("1000"), budget=Decimal("2500"))
    people = [f.UserFactory() for _ in range(3)]
    a = services.incentive_grant(i, user=people[0], actor=None, reason="1")
    services.incentive_grant(i, user=people[1], actor=None, reason="2")
    with pytest.raises(DomainError) as e:
        services.incentive_grant(i, user=people[2], actor=None, reason="3")
    assert e.value.code == "budget"
    assert "exceed its budget of 2500.00 USD" in e.value.text
    services.incentive_cancel(a, actor=None, reason="Withdrew")
    assert services.incentive_grant(i, user=people[2], actor=None, reason="3").status == "promised"


def test_deliver_and_cancel_are_one_way(lab, django_capture_on_commit_callbacks):
    pm = lab.users["program_manager"]
    i = incentive_of(lab.program, "title", title="Honorary designer")
    g = grant_of(i, lab.users["partner"])
    services.incentive_deliver(g, actor=pm)
    g.refresh_from_db()
    assert (g.status, g.delivered_by) == ("delivered", pm) and g.delivered_at is not None
    with pytest.raises(DomainError) as e:
        services.incentive_cancel(g, actor=pm, reason="Oops")
    assert e.value.code == "not_promised"
    h = grant_of(i, lab.users["partner_pending"])
    with pytest.raises(DomainError):
        services.incentive_cancel(h, actor=pm, reason="")
    services.incentive_cancel(h, actor=pm, reason="Left the program")
    h.refresh_from_db()
    assert (h.status, h.cancel_reason, h.cancelled_by) == ("cancelled", "Left the program", pm)
    with pytest.raises(DomainError):
        services.incentive_deliver(h, actor=pm)
    assert sorted(Notification.objects.values_list("kind", flat=True)) == ["incentive_cancelled",
                                                                           "incentive_delivered"]
    assert sorted(AuditEvent.objects.filter(verb__startswith="incentive.").values_list("verb", flat=True)) == [
        "incentive.cancelled", "incentive.delivered"]


def test_evaluate_winners_grants_each_accepted_idea_once(lab):
    authors = [f.UserFactory() for _ in range(3)]
    accepted = mission_idea(lab, authors[0], state=IdeaState.ACCEPTED)
    implemented = f.IdeaFactory(organization=lab.org, program=lab.program, author=authors[1],
                                state=IdeaState.IMPLEMENTED)
    mission_idea(lab, authors[2], state=IdeaState.REJECTED)
    f.IdeaFactory(organization=lab.org, author=authors[2], state=IdeaState.ACCEPTED)  # no program
    mission_idea(lab, authors[2], state=IdeaState.ACCEPTED, hidden_at=accepted.submitted_at)  # hidden
    i = incentive_of(lab.program, "name_credit", condition="winners")
    result = services.incentives_evaluate(lab.program, actor=lab.users["program_manager"])
    assert (result.granted, result.already, result.refused) == (2, 0, 0)
    assert sorted(Grant.objects.values_list("user", "source", "reason")) == sorted([
        (authors[0].pk, f"ideas.idea:{accepted.pk}", accepted.title),
        (authors[1].pk, f"ideas.idea:{implemented.pk}", implemented.title)])
    assert services.incentives_evaluate(lab.program, actor=None) == services.Evaluation(0, 2, 0)
    assert Grant.objects.filter(incentive=i).count() == 2


def test_evaluate_mission_complete_grants_everyone_who_submitted_once_each(lab):
    partner, pending = lab.users["partner"], lab.users["partner_pending"]
    mission_idea(lab, partner)
    mission_idea(lab, partner)
    mission_idea(lab, pending, state=IdeaState.DRAFT)  # a draft is not a submission
    outsider = f.UserFactory()
    mission_idea(lab, outsider)  # anyone who took part completes it, not only partners
    other_mission = f.MissionFactory(program=lab.program)
    f.IdeaFactory(organization=lab.org, channel="mission", program=lab.program, mission=other_mission, author=pending)
    incentive_of(lab.program, "product", condition="mission_complete", mission=lab.mission, amount=Decimal(90),
                 currency="USD")
    assert services.incentives_evaluate(lab.program, actor=None) == services.Evaluation(2, 0, 0)
    assert sorted(Grant.objects.values_list("user", "source")) == sorted([
        (partner.pk, f"missions.mission:{lab.mission.pk}"), (outsider.pk, f"missions.mission:{lab.mission.pk}")])


def test_evaluate_top_n_uses_the_final_weighted_score_with_ties_to_the_earlier(lab):
    judge = lab.users["judge"]
    ideas = [mission_idea(lab, f.UserFactory()) for _ in range(5)]
    for idea, value in zip(ideas, [6, 9, 9, 3, None], strict=True):
        if value is not None:
            score(idea, judge, lab.criteria, value)
    incentive_of(lab.program, "prize", condition="top_n", top_n=2)
    assert services.incentives_evaluate(lab.program, actor=None) == services.Evaluation(2, 0, 0)
    assert list(Grant.objects.order_by("user_id").values_list("user", flat=True)) == [
        ideas[1].author_id, ideas[2].author_id]
    assert sorted(Grant.objects.values_list("reason", flat=True)) == [
        f"#1 · {ideas[1].title} (90.00)", f"#2 · {ideas[2].title} (90.00)"]


def test_evaluate_leaves_manual_incentives_and_counts_refusals(lab):
    incentive_of(lab.program, "title", condition="manual")
    incentive_of(lab.program, "cash", condition="winners", quantity=1)
    for _ in range(2):
        f.IdeaFactory(organization=lab.org, program=lab.program, state=IdeaState.ACCEPTED)
    assert services.incentives_evaluate(lab.program, actor=None) == services.Evaluation(1, 0, 1)
    assert Grant.objects.count() == 1


def test_a_cancelled_grant_is_not_granted_again_by_the_next_evaluation(lab):
    idea = f.IdeaFactory(organization=lab.org, program=lab.program, state=IdeaState.ACCEPTED)
    incentive_of(lab.program, "cash", condition="winners")
    services.incentives_evaluate(lab.program, actor=None)
    services.incentive_cancel(Grant.objects.get(), actor=None, reason="Plagiarised")
    assert services.incentives_evaluate(lab.program, actor=None) == services.Evaluation(0, 1, 0)
    assert list(Grant.objects.values_list("user", "status")) == [(idea.author_id, "cancelled")]


def test_4320_syd_reward_promised_up_front_and_delivered_on_completion(lab, django_capture_on_commit_callbacks):
    """Three travellers are promised round-the-world tickets for completing the mission."""
    pm = lab.users["program_manager"]
    tickets = services.incentive_create(
        lab.program, actor=pm, kind="prize", title="Round-the-world tickets", amount=Decimal("5000"),
        currency="USD", quantity=3, condition="mission_complete", mission=lab.mission,
        description="Promised up front; delivered when the 4,320 minutes are done.")
    travellers = [lab.users["partner"], lab.users["partner_pending"], f.UserFactory()]
    f.PartnerFactory(program=lab.program, user=travellers[2])
    assert services.incentives_evaluate(lab.program, actor=pm).granted == 0  # nobody has finished yet
    for t in travellers:
        mission_idea(lab, t)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.incentives_evaluate(lab.program, actor=pm).granted == 3
        for g in Grant.objects.filter(incentive=tickets):
            services.incentive_deliver(g, actor=pm)
    assert sorted(Grant.objects.values_list("user", "status")) == sorted((t.pk, "delivered") for t in travellers)
    assert Notification.objects.filter(kind="incentive_delivered").count() == 3
    # A fourth completion finds the tickets used up.
    late = f.UserFactory()
    f.PartnerFactory(program=lab.program, user=late)
    mission_idea(lab, late)
    assert services.incentives_evaluate(lab.program, actor=pm) == services.Evaluation(0, 3, 1)


def test_threadless_winning_design_earns_cash_and_name_credit(lab):
    """$1,000 and the designer's name printed on the shirt, for each selected design."""
    pm = lab.users["program_manager"]
    services.incentive_create(lab.program, actor=pm, kind="cash", title="$1,000", amount=Decimal("1000"),
                              currency="USD", budget=Decimal("6000"), condition="winners")
    services.incentive_create(lab.program, actor=pm, kind="name_credit", title="Your name on the label",
                              condition="winners")
    designer = lab.users["partner"]
    winner = mission_idea(lab, designer, state=IdeaState.ACCEPTED)
    mission_idea(lab, lab.users["partner_pending"], state=IdeaState.REJECTED)
    assert services.incentives_evaluate(lab.program, actor=pm).granted == 2
    assert sorted(Grant.objects.values_list("incentive__title", "user", "source")) == [
        ("$1,000", designer.pk, f"ideas.idea:{winner.pk}"),
        ("Your name on the label", designer.pk, f"ideas.idea:{winner.pk}")]
    from cocreate.incentives.selectors import balance_of, incentives_of

    balance = balance_of(incentives_of(lab.program))
    assert (balance.extrinsic, balance.intrinsic, balance.extrinsic_dominates) == (1, 1, False)
    assert balance.extrinsic_value == {"USD": Decimal("6000")}


def test_evaluate_incentives_command(lab):
    f.IdeaFactory(organization=lab.org, program=lab.program, state=IdeaState.ACCEPTED)
    incentive_of(lab.program, "title", condition="winners")
    from io import StringIO

    out = StringIO()
    call_command("evaluate_incentives", lab.org.slug, lab.program.slug, stdout=out)
    call_command("evaluate_incentives", stdout=out)
    assert out.getvalue().splitlines() == [f"{lab.org.slug}/{lab.program.slug}: 1 granted, 0 already, 0 refused",
                                           f"{lab.org.slug}/{lab.program.slug}: 0 granted, 1 already, 0 refused"]
    assert Grant.objects.count() == 1


def test_winners_of_one_mission_only_when_the_incentive_names_it(lab):
    """Threadless pays the winners of one design challenge, not of the whole program."""
    contest = f.MissionFactory(program=lab.program, visibility="public")
    winner, elsewhere = f.UserFactory(), f.UserFactory()
    design = f.IdeaFactory(organization=lab.org, channel=Channel.MISSION, program=lab.program, mission=contest,
                           author=winner, state=IdeaState.ACCEPTED)
    mission_idea(lab, elsewhere, state=IdeaState.ACCEPTED)
    cash = incentive_of(lab.program, "cash", condition="winners", mission=contest)
    credit = incentive_of(lab.program, "name_credit", condition="winners", mission=contest)
    assert services.incentives_evaluate(lab.program, actor=None) == services.Evaluation(2, 0, 0)
    assert sorted(Grant.objects.values_list("incentive", "user", "source")) == sorted([
        (cash.pk, winner.pk, f"ideas.idea:{design.pk}"), (credit.pk, winner.pk, f"ideas.idea:{design.pk}")])


def test_a_mission_of_another_program_is_refused_for_winners_too(lab):
    other = f.MissionFactory()
    with pytest.raises(DomainError) as exc:
        services.incentive_create(lab.program, actor=lab.users["program_manager"], kind="cash", title="Prize",
                                  amount=1000, currency="USD", condition="winners", mission=other)
    assert [x.code for x in exc.value.error_list] == ["mission_program"]
