"""Every list endpoint answers in a number of queries that does not grow with its rows:
the same bound holds for 3 rows and for 30 (a full page of 25 plus more)."""

import pytest

from cocreate.accounts.services import api_token_create
from cocreate.evaluation.services import scores_submit
from cocreate.ideas.enums import Channel
from cocreate.ideas.services import support_add
from cocreate.notifications.services import notify
from cocreate.realization.services import idea_decide
from cocreate.recruiting.services import application_submit
from cocreate.retention.models import OutcomeUpdate
from tests import factories as f

from .helpers import idea_url, org_url, program_url, recruitment_url

pytestmark = pytest.mark.django_db


def _mission_idea(lab, **kwargs):
    return f.IdeaFactory(
        organization=lab.org, channel=Channel.MISSION, program=lab.program, mission=lab.mission, **kwargs
    )


def _decided_idea_of(lab, author):
    idea = _mission_idea(lab, author=author)
    scores_submit(idea, judge=lab.users["judge"], values={c.pk: 6 for c in lab.criteria})
    idea_decide(idea, actor=lab.users["executive"], kind="reject", reason="Not now.")
    return idea


def _open_idea(lab):
    idea = f.IdeaFactory(organization=lab.org)
    f.CommentFactory(idea=idea)
    support_add(idea, user=lab.users["member"])
    return idea


def _application(lab):
    question = lab.recruitment.questions.get()
    application_submit(lab.recruitment, applicant=f.UserFactory(), answers={question.pk: "Me"}, consent=True)


def _outcome(lab):
    if not hasattr(lab, "_outcome"):
        idea = f.IdeaFactory(organization=lab.org)
        idea_decide(idea, actor=lab.users["executive"], kind="accept", department=lab.department)
        lab._outcome = idea.outcome
    return lab._outcome


def _comment_target(lab):
    if not hasattr(lab, "_idea"):
        lab._idea = f.IdeaFactory(organization=lab.org)
    return lab._idea


def _recruitment(lab):
    f.QuestionFactory(recruitment=f.RecruitmentFactory(program=lab.program))


# name: (role, path(lab), make one row(lab), query bound)
CASES = {
    "organizations": (None, lambda lab: "/organizations", lambda lab: f.OrganizationFactory(), 2),
    "departments": (
        "executive",
        lambda lab: f"{org_url(lab)}/departments",
        lambda lab: f.DepartmentFactory(organization=lab.org),
        6,
    ),
    "ideas": ("member", lambda lab: f"{org_url(lab)}/ideas", _open_idea, 7),
    "my ideas": (
        "partner",
        lambda lab: "/me/ideas",
        lambda lab: _decided_idea_of(lab, lab.users["partner"]),
        10,
    ),
    "programs": (
        "program_manager",
        lambda lab: f"{org_url(lab)}/programs",
        lambda lab: f.ProgramFactory(organization=lab.org),
        6,
    ),
    "recruitments": ("member", lambda lab: f"{program_url(lab)}/recruitments", _recruitment, 9),
    "applications": ("program_manager", lambda lab: recruitment_url(lab, "/applications"), _application, 9),
    "missions": (
        "partner",
        lambda lab: f"{program_url(lab)}/missions",
        lambda lab: f.TaskFactory(mission=f.MissionFactory(program=lab.program)),
        14,  # tasks, deliverables and sub-missions prefetched
    ),
    "comments": (
        "member",
        lambda lab: idea_url(lab, _comment_target(lab), "/comments"),
        lambda lab: f.CommentFactory(idea=_comment_target(lab)),
        7,
    ),
    "queue": ("judge", lambda lab: f"{org_url(lab)}/evaluation/queue", _mission_idea, 6),
    "board": (
        "executive",
        lambda lab: f"{org_url(lab)}/board",
        lambda lab: _decided_idea_of(lab, f.UserFactory()),
        11,  # + the bounded count (seek paging) and the breakdowns' agreements, criteria and scores
    ),
    "outcome updates": (
        "member",
        lambda lab: f"{org_url(lab)}/outcomes/{_outcome(lab).pk}/updates",
        lambda lab: OutcomeUpdate.objects.create(
            outcome=_outcome(lab), author=lab.users["internal_partner"], text="Going", progress=10
        ),
        8,
    ),
    "notifications": (
        "member",
        lambda lab: "/me/notifications",
        lambda lab: notify([lab.users["member"]], "application_received", params={"recruitment": "Call"}),
        4,
    ),
    "partners": (
        "program_manager",
        lambda lab: f"{program_url(lab)}/partners",
        lambda lab: f.PartnerFactory(program=lab.program),
        9,
    ),
    "tokens": (
        "member",
        lambda lab: "/me/tokens",
        lambda lab: api_token_create(lab.users["member"], name="t"),
        4,
    ),
}


@pytest.mark.parametrize("name", CASES)
def test_list_query_count_does_not_grow_with_rows(api, lab, django_assert_max_num_queries, name):
    role, path, make, bound = CASES[name]
    api.as_user(lab.users[role] if role else None)
    url = path(lab)
    for rows in (3, 30):
        while api.get(url).json()["count"] < rows:
            make(lab)
        with django_assert_max_num_queries(bound):
            response = api.get(url)
        assert response.status_code == 200
        assert len(response.json()["items"]) == min(rows, 25)
