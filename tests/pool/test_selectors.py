"""The pool's reads: track records to the exact number, search and filters, candidates."""

from datetime import timedelta

import pytest
from django.http import Http404
from django.utils import timezone

from cocreate.core.models import AuditEvent
from cocreate.ideas.enums import Channel, IdeaState
from cocreate.pool.enums import PoolStatus
from cocreate.pool.selectors import (
    attach_scores,
    pool_candidates,
    pool_member_for_user,
    pool_members,
    track_record_by_program,
)
from cocreate.programs.models import Partner
from tests import factories as f
from tests.evaluation.factories import score

from .helpers import member_of

pytestmark = pytest.mark.django_db

YEAR = timezone.localdate().year
LATER = timezone.now() + timedelta(days=2)


def mission_idea(lab, author, mission, **kwargs):
    return f.IdeaFactory(organization=lab.org, channel=Channel.MISSION, program=mission.program, mission=mission,
                         author=author, **kwargs)


@pytest.fixture
def pool(labs):
    """Alice: partner of two programs, ideas on two missions (one accepted and scored 80, one
    submitted and scored 60, one implemented), a rejected open idea, plus a draft, a hidden
    idea and an idea elsewhere that do not count. Bob: partner of one program, one open
    idea. Carol: resting, an open idea with 50 supports. Dave: removed."""
    lab, other = labs
    judge = lab.users["judge"]
    second_mission = f.MissionFactory(program=lab.program)
    second_program = f.ProgramFactory(organization=lab.org, title="Second program")
    alice = f.UserFactory(name="Alice Kim", email="alice@example.com", expertise="향기 디자인, fragrance design",
                          interests="grooming, music", region="Seoul", birth_year=YEAR - 25, follower_count=5000)
    bob = f.UserFactory(name="Bob Lee", interests="music", region="Busan", birth_year=YEAR - 45, follower_count=10)
    carol = f.UserFactory(name="Carol Park", interests="design", community_roles="Club leader", birth_year=None)
    dave = f.UserFactory(name="Dave Removed")
    first = f.PartnerFactory(program=lab.program, user=alice)
    second = f.PartnerFactory(program=second_program, user=alice)
    Partner.objects.filter(pk=first.pk).update(joined_at=timezone.now() - timedelta(days=30))
    Partner.objects.filter(pk=second.pk).update(joined_at=timezone.now() - timedelta(days=3))
    f.PartnerFactory(program=lab.program, user=bob)
    accepted = mission_idea(lab, alice, lab.mission, state=IdeaState.ACCEPTED)
    submitted = mission_idea(lab, alice, lab.mission, state=IdeaState.SUBMITTED)
    score(accepted, judge, [8, 8, 8, 8])
    score(submitted, judge, [6, 6, 6, 6])
    mission_idea(lab, alice, second_mission, state=IdeaState.IMPLEMENTED)
    f.IdeaFactory(organization=lab.org, author=alice, state=IdeaState.REJECTED)
    f.IdeaFactory(organization=lab.org, author=alice, state=IdeaState.DRAFT, submitted_at=None)
    f.IdeaFactory(organization=lab.org, author=alice, state=IdeaState.ACCEPTED, hidden_at=timezone.now())
    f.IdeaFactory(organization=other.org, author=alice, state=IdeaState.ACCEPTED)
    f.IdeaFactory(organization=lab.org, author=bob, submitted_at=LATER)
    f.IdeaFactory(organization=lab.org, author=carol, support_count=50)
    members = {
        "alice": member_of(lab.org, alice, program=lab.program),
        "bob": member_of(lab.org, bob, program=lab.program),
        "carol": member_of(lab.org, carol, status=PoolStatus.RESTING, source="manager"),
        "dave": member_of(lab.org, dave, status=PoolStatus.REMOVED, source="manager"),
    }
    member_of(other.org, alice)  # the other organization's pool stays apart
    return lab, members, second_program


def names(qs):
    return [m.user.name.split()[0] for m in qs]


RECORD = ("programs_joined", "missions_with_ideas", "ideas_submitted", "ideas_accepted", "ideas_implemented",
          "average_score")


def test_track_record_numbers(pool):
    lab, members, _ = pool
    rows = attach_scores(lab.org, list(pool_members(lab.org)))
    assert names(rows) == ["Alice", "Bob", "Carol"]  # best record first, the removed left out
    assert {m.user.name: tuple(getattr(m, k) for k in RECORD) for m in rows} == {
        "Alice Kim": (2, 2, 4, 2, 1, 70.0),
        "Bob Lee": (1, 0, 1, 0, 0, None),
        "Carol Park": (0, 0, 1, 0, 0, None),
    }
    bob = rows[1]
    assert bob.last_activity == LATER


def test_track_record_by_program(pool):
    lab, members, second_program = pool
    rows = track_record_by_program(members["alice"])
    assert [(r["program"].title if r["program"] else None, r["missions_with_ideas"], r["ideas_submitted"],
             r["ideas_accepted"], r["ideas_implemented"], r["average_score"], r["is_open_channel"]) for r in rows] == [
        ("Second program", 0, 0, 0, 0, None, False),
        (lab.program.title, 2, 3, 2, 1, 70.0, False),
        (None, 0, 1, 0, 0, None, True),
    ]


@pytest.mark.parametrize(("query", "expected"), [
    ("향기", ["Alice"]), ("FRAGRANCE", ["Alice"]), ("music", ["Alice", "Bob"]), ("lee music", ["Bob"]),
    ("alice@example", ["Alice"]), ("디자인 kim", ["Alice"]), ("nobody", []),
])
def test_search(pool, query, expected):
    lab, _, _ = pool
    assert names(pool_members(lab.org, query=query)) == expected


def test_filters(pool):
    lab, _, second_program = pool
    org = lab.org
    assert names(pool_members(org, interest="design")) == ["Carol"]
    assert names(pool_members(org, region="seoul")) == ["Alice"]
    assert names(pool_members(org, age_band="20s")) == ["Alice"]
    assert names(pool_members(org, age_band="40s")) == ["Bob"]
    assert names(pool_members(org, age_band="under_20")) == []
    assert names(pool_members(org, opinion_leader=True)) == ["Alice", "Carol"]
    assert names(pool_members(org, opinion_leader=False)) == ["Bob"]
    assert names(pool_members(org, program=second_program)) == ["Alice"]
    assert names(pool_members(org, program=lab.program)) == ["Alice", "Bob"]
    assert names(pool_members(org, has_accepted_ideas=True)) == ["Alice"]
    assert names(pool_members(org, has_accepted_ideas=False)) == ["Bob", "Carol"]
    assert names(pool_members(org, status="removed")) == ["Dave"]
    assert names(pool_members(org, status="resting")) == ["Carol"]
    assert names(pool_members(org, status="active", query="music", region="busan")) == ["Bob"]


def test_member_detail_is_for_managers_and_audited(pool):
    lab, members, _ = pool
    alice = members["alice"]
    manager = lab.users["program_manager"]
    member = pool_member_for_user(manager, lab.org, alice.pk)
    assert (member.ideas_accepted, member.average_score) == (2, 70.0)
    event = AuditEvent.objects.get(verb="personal_data.viewed")
    assert (event.actor, event.target_id, event.organization) == (manager, alice.pk, lab.org)
    for user in (lab.users["judge"], lab.users["executive"], alice.user):
        with pytest.raises(Http404):
            pool_member_for_user(user, lab.org, alice.pk)
    with pytest.raises(Http404):
        pool_member_for_user(manager, lab.org, 999999)
    assert AuditEvent.objects.filter(verb="personal_data.viewed").count() == 1


def test_a_member_of_another_organization_is_404(labs):
    lab, other = labs
    foreign = member_of(other.org)
    with pytest.raises(Http404):
        pool_member_for_user(lab.users["org_admin"], lab.org, foreign.pk)


@pytest.fixture
def contributors(labs):
    lab, other = labs
    erin = f.UserFactory(name="Erin")
    frank = f.UserFactory(name="Frank")
    gina = f.UserFactory(name="Gina")
    f.IdeaFactory(organization=lab.org, author=erin, state=IdeaState.ACCEPTED)
    f.IdeaFactory(organization=lab.org, author=erin, support_count=3)
    f.IdeaFactory(organization=lab.org, author=frank, support_count=12)
    f.IdeaFactory(organization=lab.org, author=frank, support_count=4)
    f.IdeaFactory(organization=lab.org, author=gina, support_count=9)
    # Not candidates: already in the pool, staff, a hidden idea, a mission idea, another organization.
    pooled = f.UserFactory(name="Pooled")
    member_of(lab.org, pooled, status=PoolStatus.REMOVED)
    f.IdeaFactory(organization=lab.org, author=pooled, state=IdeaState.ACCEPTED)
    f.IdeaFactory(organization=lab.org, author=lab.users["judge"], state=IdeaState.IMPLEMENTED)
    f.IdeaFactory(organization=lab.org, author=f.UserFactory(name="Hidden"), state=IdeaState.ACCEPTED,
                  hidden_at=timezone.now())
    mission_idea(lab, f.UserFactory(name="Mission"), lab.mission, state=IdeaState.ACCEPTED)
    f.IdeaFactory(organization=other.org, author=f.UserFactory(name="Elsewhere"), state=IdeaState.ACCEPTED)
    return lab


def test_candidates(contributors):
    lab = contributors
    rows = list(pool_candidates(lab.org))
    assert [(u.name, u.accepted_open_ideas, u.best_support, u.total_support, u.open_ideas) for u in rows] == [
        ("Erin", 1, 3, 3, 2),
        ("Frank", 0, 12, 16, 2),
    ]
    assert [u.name for u in pool_candidates(lab.org, min_supports=5)] == ["Erin", "Frank", "Gina"]


def test_candidate_threshold_comes_from_settings(contributors, settings):
    settings.COCREATE_POOL_CANDIDATE_MIN_SUPPORTS = 13
    assert [u.name for u in pool_candidates(contributors.org)] == ["Erin"]
