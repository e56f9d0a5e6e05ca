"""The 4320 SYD pattern: a post every hour for three days, a reward on completion."""

from datetime import timedelta

from django.utils import timezone

from cocreate.ideas.models import Credit
from cocreate.incentives import services
from cocreate.incentives.models import Grant
from cocreate.missions.workspace import mission_completers
from tests import factories as f
from tests.incentives.helpers import incentive_of, mission_idea


def test_4320_syd_reward_only_after_the_72nd_hourly_post_and_credits_the_team(lab):
    start = timezone.now() - timedelta(days=4)
    deliverables = [f.DeliverableFactory(mission=lab.mission, title=f"Post {n}", due_at=start + timedelta(hours=n),
                                         order=n) for n in range(1, 73)]
    partner, teammate = lab.users["partner"], f.UserFactory()
    team = f.TeamFactory(mission=lab.mission, created_by=partner)
    incentive = incentive_of(lab.program, "product", condition="mission_complete", mission=lab.mission,
                             amount=1, currency="USD", title="Reward on completion")
    for d in deliverables[:71]:
        idea = mission_idea(lab, partner, deliverable=d, team=team)
        Credit.objects.create(idea=idea, user=partner)
        Credit.objects.create(idea=idea, user=teammate)
    mission_idea(lab, f.UserFactory(), deliverable=deliverables[0])  # one post of 72 is not completion
    assert services.incentives_evaluate(lab.program, actor=None) == services.Evaluation(0, 0, 0)
    assert not Grant.objects.filter(incentive=incentive).exists()

    last = mission_idea(lab, partner, deliverable=deliverables[71], team=team)
    Credit.objects.create(idea=last, user=partner)
    Credit.objects.create(idea=last, user=teammate)
    assert sorted(u.pk for u in mission_completers(lab.mission)) == sorted([partner.pk, teammate.pk])
    assert services.incentives_evaluate(lab.program, actor=None) == services.Evaluation(2, 0, 0)
    assert sorted(Grant.objects.filter(incentive=incentive).values_list("user", flat=True)) == sorted(
        [partner.pk, teammate.pk])
    assert services.incentives_evaluate(lab.program, actor=None) == services.Evaluation(0, 2, 0)


def test_hidden_and_draft_posts_do_not_complete_but_an_uncredited_author_does(lab):
    d1 = f.DeliverableFactory(mission=lab.mission)
    d2 = f.DeliverableFactory(mission=lab.mission)
    author, other = f.UserFactory(), f.UserFactory()
    mission_idea(lab, author, deliverable=d1)  # no Credit rows: the author is credited
    mission_idea(lab, author, deliverable=d2)
    mission_idea(lab, other, deliverable=d1)
    mission_idea(lab, other, deliverable=d2, state="draft")
    mission_idea(lab, other, deliverable=d2, hidden_at=timezone.now())
    assert mission_completers(lab.mission) == [author]
