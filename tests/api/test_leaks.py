"""The leaks a probe of the demo found (issue 12), replayed as an attacker would: a fresh
account and another tenant's admin accept a program's public agreement, then walk the ideas
of its confidential and cohort missions by id, through the pages and the API; the pairwise
ranking; members' drafts read by staff; a judge reading the others' verdict before scoring.
Each of these answered 200 before the fix."""

import pytest

from cocreate.evaluation.models import PairwiseVote
from cocreate.evaluation.pairwise_votes import pairwise_ranking
from cocreate.ideas.enums import Channel, IdeaState
from cocreate.ideas.models import Comment, PurchaseIntent, Support
from cocreate.ideas.selectors import ideas_visible_to
from cocreate.missions.enums import TeamMemberState
from cocreate.pool.models import PoolMember
from cocreate.programs.enums import CrowdSource
from cocreate.programs.models import AgreementAcceptance
from tests import factories as f
from tests.evaluation.factories import new_partner, score

from .helpers import idea_url, org_url, program_url

pytestmark = pytest.mark.django_db


def _mission_idea(lab, mission, **kwargs):
    return f.IdeaFactory(organization=lab.org, channel=Channel.MISSION, program=lab.program, mission=mission,
                         author=new_partner(lab), **kwargs)


@pytest.fixture
def world(labs):
    """The lab's program with one public mission (so anyone may accept its agreement) beside its
    confidential one, a cohort and a pool mission; an idea in each; and two attackers who
    accepted the agreement: a fresh account and the other tenant's org admin."""
    lab, other = labs
    public = f.MissionFactory(program=lab.program, visibility="public", kind="co_development")
    cohort = f.MissionFactory(program=lab.program, visibility="cohort")
    pool = f.MissionFactory(program=lab.program, visibility="pool")
    ideas = {
        "public": _mission_idea(lab, public),
        "confidential": _mission_idea(lab, lab.mission),
        "cohort": _mission_idea(lab, cohort),
        "pool": _mission_idea(lab, pool),
        "open": f.IdeaFactory(organization=lab.org),
    }
    return lab, other, ideas


def _accept(api, lab, user):
    api.as_user(user)
    assert api.post(program_url(lab) + "/agreement/accept").status_code == 200
    assert AgreementAcceptance.objects.filter(agreement=lab.agreement, user=user).exists()


@pytest.mark.parametrize("attacker", ["fresh account", "other tenant's admin"])
def test_accepting_the_public_agreement_opens_only_the_public_ideas(api, client, world, attacker):
    lab, other, ideas = world
    user = f.UserFactory() if attacker == "fresh account" else other.users["org_admin"]
    _accept(api, lab, user)
    seen = {"public", "open"}
    for name, idea in ideas.items():
        allowed = name in seen
        assert user.has_perm("ideas.view_idea", idea) is allowed, name
        assert api.get(idea_url(lab, idea)).status_code == (200 if allowed else 404), name
        assert api.get(idea_url(lab, idea, "/comments")).status_code == (200 if allowed else 404), name
        client.force_login(user)
        assert client.get(f"/o/{lab.org.slug}/ideas/{idea.pk}/").status_code == (200 if allowed else 404), name
    listed = {row["id"] for row in api.get(org_url(lab) + "/ideas", {"limit": 100}).json()["items"]}
    assert listed == {ideas["open"].pk}  # the open channel's list
    mission_list = api.get(program_url(lab) + f"/missions/{ideas['public'].mission_id}/submissions").json()
    assert {row["id"] for row in mission_list["items"]} == {ideas["public"].pk}
    confidential_list = api.get(program_url(lab) + f"/missions/{lab.mission.pk}/submissions")
    assert confidential_list.status_code == 404
    assert set(ideas_visible_to(user, lab.org)) == {ideas[n] for n in seen}


@pytest.mark.parametrize("attacker", ["fresh account", "other tenant's admin"])
def test_no_comment_support_or_purchase_intent_on_what_one_may_not_see(api, client, world, attacker):
    lab, other, ideas = world
    user = f.UserFactory() if attacker == "fresh account" else other.users["org_admin"]
    _accept(api, lab, user)
    client.force_login(user)
    for name in ("confidential", "cohort", "pool"):
        idea = ideas[name]
        assert api.post(idea_url(lab, idea, "/support")).status_code == 404
        assert api.post(idea_url(lab, idea, "/comments"), {"body": "leaked"}).status_code == 404
        base = f"/o/{lab.org.slug}/ideas/{idea.pk}"
        assert client.post(f"{base}/support/").status_code == 404
        assert client.post(f"{base}/comments/", {"body": "leaked"}).status_code == 404
        assert client.post(f"{base}/purchase-intent/", {"value": 5}).status_code == 404
    assert not Support.objects.filter(user=user).exists()
    assert not Comment.objects.filter(author=user).exists()
    assert not PurchaseIntent.objects.filter(user=user).exists()


def test_ids_walked_one_by_one_find_nothing_more(api, world):
    """Every id from the first to well past the last: an outsider who accepted finds exactly the
    public ideas, through the detail, its comments and the breakdown alike."""
    lab, _, ideas = world
    user = f.UserFactory()
    _accept(api, lab, user)
    top = max(i.pk for i in ideas.values()) + 5
    found = {pk for pk in range(1, top) if api.get(f"{org_url(lab)}/ideas/{pk}").status_code == 200}
    assert found == {ideas["public"].pk, ideas["open"].pk}


def test_partners_see_by_the_mission_rule(world):
    lab, _, ideas = world
    partner, pending = lab.users["partner"], lab.users["partner_pending"]
    # The partner who accepted sees everything of the program; the one who did not sees all
    # but the confidential mission's ideas; a pool member who is no partner sees the pool's.
    assert {n for n, i in ideas.items() if partner.has_perm("ideas.view_idea", i)} == set(ideas)
    assert {n for n, i in ideas.items() if pending.has_perm("ideas.view_idea", i)} == set(ideas) - {"confidential"}
    pooled = f.UserFactory()
    PoolMember.objects.create(organization=lab.org, user=pooled, source="manager")
    assert {n for n, i in ideas.items() if pooled.has_perm("ideas.view_idea", i)} == {"public", "pool", "open"}
    assert set(ideas_visible_to(pooled, lab.org)) == {ideas["public"], ideas["pool"], ideas["open"]}


# --- pairwise ---------------------------------------------------------------------------------

def test_the_pairwise_ranking_lists_only_what_the_reader_may_see(api, world):
    lab, _, ideas = world
    lab.agreement.crowd_source = CrowdSource.PAIRWISE
    lab.agreement.save(update_fields=["crowd_source"])
    voter = lab.users["partner"]
    a, b = ideas["confidential"], ideas["public"]
    PairwiseVote.objects.create(program=lab.program, voter=voter, idea_a=min(a, b, key=lambda i: i.pk),
                                idea_b=max(a, b, key=lambda i: i.pk), winner=a)
    outsider = f.UserFactory()
    _accept(api, lab, outsider)
    body = api.get(program_url(lab) + "/pairwise/ranking", {"limit": 100}).json()
    assert {row["idea_id"] for row in body["items"]} == {ideas["public"].pk}
    # Ranked among what they see: the public idea lost to a confidential one, and is first here.
    assert [row["rank"] for row in body["items"] if row["idea_id"] == ideas["public"].pk] == [1]
    page = api.client.get(f"/o/{lab.org.slug}/programs/{lab.program.slug}/pairwise/ranking/")
    assert page.status_code == 200
    for name in ("confidential", "cohort", "pool"):
        assert ideas[name].title not in page.text
    # The staff's ranking has every idea.
    everything = {r.idea.pk for r in pairwise_ranking(lab.program, lab.users["executive"])}
    assert everything == {i.pk for n, i in ideas.items() if n != "open"}
    # Voting is limited the same way: a confidential idea is never offered nor accepted.
    response = api.post(program_url(lab) + "/pairwise/votes",
                        {"idea_x": ideas["confidential"].pk, "idea_y": ideas["public"].pk, "winner": None})
    assert response.status_code == 400 and response.json()["code"] == "pairwise_not_open"
    pair = api.get(program_url(lab) + "/pairwise/next").json()["pair"]
    assert pair is None  # one public idea in the program: no pair to show


# --- drafts -----------------------------------------------------------------------------------

@pytest.mark.parametrize("role", ["org_admin", "program_manager", "reviewer", "judge", "executive",
                                  "internal_partner", "partner", "member"])
def test_a_draft_is_its_authors_alone(api, client, lab, role):
    draft = f.IdeaFactory(organization=lab.org, state=IdeaState.DRAFT, submitted_at=None)
    user = lab.users[role]
    assert user.has_perm("ideas.view_idea", draft) is False
    assert api.as_user(user).get(idea_url(lab, draft)).status_code == 404
    client.force_login(user)
    assert client.get(f"/o/{lab.org.slug}/ideas/{draft.pk}/").status_code == 404
    assert draft not in ideas_visible_to(user, lab.org)
    assert api.as_user(draft.author).get(idea_url(lab, draft)).status_code == 200


def test_a_teams_draft_is_the_teams(api, lab):
    team = f.TeamFactory(mission=lab.mission)
    mate, invited = new_partner(lab), new_partner(lab)
    f.TeamMemberFactory(team=team, user=mate, state=TeamMemberState.ACCEPTED)
    f.TeamMemberFactory(team=team, user=invited, state=TeamMemberState.INVITED)
    draft = _mission_idea(lab, lab.mission, team=team, state=IdeaState.DRAFT, submitted_at=None)
    assert mate.has_perm("ideas.view_idea", draft) is True
    assert invited.has_perm("ideas.view_idea", draft) is False
    assert api.as_user(mate).get(idea_url(lab, draft)).status_code == 200
    assert api.as_user(invited).get(idea_url(lab, draft)).status_code == 404


# --- independent judging ----------------------------------------------------------------------

def test_a_judge_reads_the_others_verdict_only_after_scoring(api, lab):
    idea = _mission_idea(lab, lab.mission)
    other_judge = f.UserFactory()
    f.MembershipFactory(organization=lab.org, user=other_judge, role="judge")
    score(idea, other_judge, [9, 9, 9, 9])
    judge = lab.users["judge"]
    api.as_user(judge)
    assert judge.has_perm("evaluation.view_scores", idea) is False
    assert api.get(idea_url(lab, idea, "/breakdown")).status_code == 404
    results = api.get(program_url(lab) + "/results").json()
    assert idea.pk not in {row["idea_id"] for row in results["items"]}
    # Half a scorecard is not enough.
    score(idea, judge, [5, 5])
    assert api.get(idea_url(lab, idea, "/breakdown")).status_code == 404
    score(idea, judge, [5, 5, 5, 5])
    api.as_user(judge)
    assert api.get(idea_url(lab, idea, "/breakdown")).status_code == 200
    assert idea.pk in {row["idea_id"] for row in api.get(program_url(lab) + "/results").json()["items"]}
    # The executive and the program manager read it whenever they like.
    for role in ("executive", "program_manager"):
        assert api.as_user(lab.users[role]).get(idea_url(lab, idea, "/breakdown")).status_code == 200
