"""The staff's review of a mission's submissions: who may open it, filters, the type's review
partial and aggregate, pagination with a query-count guard, and the CSV export."""

import csv
import io

import pytest

from cocreate.ideas.enums import IdeaState
from cocreate.missions.submissions import submission_save
from tests import factories as f
from tests.roles import ROLES, STAFF, assert_answer, status_as, user_of

pytestmark = pytest.mark.django_db


def url(lab, suffix="review/", mission=None):
    return f"/o/{lab.org.slug}/programs/{lab.program.slug}/missions/{(mission or lab.mission).pk}/{suffix}"


def idea(lab, **kwargs):
    kwargs.setdefault("author", lab.users["partner"])
    return f.IdeaFactory(organization=lab.org, channel="mission", program=lab.program, mission=lab.mission,
                         **kwargs)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("suffix", ["review/", "review/export.csv"])
def test_permission_matrix(client, lab, role, suffix):
    status, response = status_as(client, user_of(lab, role), url(lab, suffix))
    assert_answer(role, status, response, allowed=role in STAFF)


def test_another_organizations_mission_is_404(client, labs):
    lab, other = labs
    client.force_login(lab.users["org_admin"])
    path = f"/o/{lab.org.slug}/programs/{lab.program.slug}/missions/{other.mission.pk}/review/"
    assert client.get(path).status_code == 404


def test_lists_submitted_ideas_with_the_types_review_and_not_drafts(client, lab):
    idea(lab, title="Sea salt", details={"problem": "Sweaty commutes", "target_customer": "", "video_url": ""})
    idea(lab, title="Secret draft", state=IdeaState.DRAFT, submitted_at=None)
    client.force_login(lab.users["reviewer"])
    text = client.get(url(lab)).text
    assert "Sea salt" in text and "Sweaty commutes" in text and "Problem it solves" in text
    assert "Secret draft" not in text
    assert "1 submission" in text


def test_filters_by_deliverable_sub_mission_late_and_state(client, lab):
    d1, d2 = f.DeliverableFactory(mission=lab.mission, title="D1"), f.DeliverableFactory(mission=lab.mission)
    sub = f.SubMissionFactory(mission=lab.mission)
    idea(lab, title="Alpha", deliverable=d1, is_late=True)
    idea(lab, title="Bravo", deliverable=d2, sub_mission=sub)
    idea(lab, title="Charlie", state=IdeaState.IN_EVALUATION)
    client.force_login(lab.users["reviewer"])

    def titles(**query):
        text = client.get(url(lab), query).text
        return [t for t in ("Alpha", "Bravo", "Charlie") if f">{t}</a>" in text]

    assert titles() == ["Alpha", "Bravo", "Charlie"]
    assert titles(deliverable=d1.pk) == ["Alpha"]
    assert titles(sub_mission=sub.pk) == ["Bravo"]
    assert titles(late="yes") == ["Alpha"]
    assert titles(late="no") == ["Bravo", "Charlie"]
    assert titles(state="in_evaluation") == ["Charlie"]


def test_the_types_aggregate_is_shown(client, lab):
    lab.mission.kind = "co_solving"
    lab.mission.save()
    form = lab.mission.type.details_form(lab.mission)
    assert form is not None
    client.force_login(lab.users["reviewer"])
    response = client.get(url(lab))
    assert response.status_code == 200
    expected = lab.mission.type.render_aggregate(lab.mission, [])
    assert ('id="aggregate-title"' in response.text) is bool(expected)


def test_query_count_does_not_grow_with_rows(client, lab, django_assert_max_num_queries):
    team = f.TeamFactory(mission=lab.mission)

    def add(n):
        for i in range(n):
            made = idea(lab, title=f"Idea {i}", team=team, deliverable=f.DeliverableFactory(mission=lab.mission))
            made.credits.create(user=made.author)
    add(2)
    client.force_login(lab.users["reviewer"])
    with django_assert_max_num_queries(40) as small:
        client.get(url(lab))
    add(20)
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(url(lab))


def test_paginates(client, lab):
    for i in range(30):
        idea(lab, title=f"Idea {i}")
    client.force_login(lab.users["reviewer"])
    assert "Page 1 of 2" in client.get(url(lab)).text
    assert client.get(url(lab), {"page": 3}).status_code == 404


def test_csv_export_with_summary_columns_and_no_formulas(client, lab):
    team = f.TeamFactory(mission=lab.mission)
    partner = lab.users["partner"]
    f.TeamMemberFactory(team=team, user=partner)
    mate = f.TeamMemberFactory(team=team, user=f.UserFactory(name="Mate")).user
    result = submission_save(lab.mission, author=partner, title="=HYPERLINK(\"http://x\")", body="@SUM(1)",
                             details={"problem": "+cmd"}, team=team, submit=True)
    client.force_login(lab.users["reviewer"])
    response = client.get(url(lab, "review/export.csv"))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="mission-{lab.mission.pk}-submissions.csv"'
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text[1:])))
    assert rows[0] == ["ID", "Title", "Description", "Author", "Credited", "State", "Submitted", "Late",
                       "Deliverable", "Sub-mission", "Team", "Files", "Problem it solves"]
    row = rows[1]
    assert row[0] == str(result.idea.pk)
    assert row[1] == "'=HYPERLINK(\"http://x\")" and row[2] == "'@SUM(1)" and row[12] == "'+cmd"
    assert set(row[4].split(", ")) == {partner.display_name, mate.display_name}
    assert (row[5], row[7], row[10]) == ("Submitted", "no", team.name)


def test_csv_follows_the_filters(client, lab):
    idea(lab, title="Late one", is_late=True)
    idea(lab, title="On time")
    client.force_login(lab.users["reviewer"])
    text = b"".join(client.get(url(lab, "review/export.csv"), {"late": "yes"}).streaming_content).decode()
    assert "Late one" in text and "On time" not in text


@pytest.mark.parametrize("kind", ["co_development", "co_solving", "co_marketing", "mystery_shopping", "survey"])
def test_each_type_renders_its_review_and_aggregate(client, lab, kind, django_assert_max_num_queries):
    from cocreate.missions.types import mission_type
    from tests.api.test_mission_submissions import details_for, with_kind

    mission = with_kind(lab, kind)
    clean = mission_type(kind).clean_details(mission, details_for(kind))

    def add(n):
        for i in range(n):
            idea(lab, title=f"{kind} {i}", details=clean)
    add(2)
    client.force_login(lab.users["reviewer"])
    with django_assert_max_num_queries(40) as small:
        response = client.get(url(lab))
    assert response.status_code == 200
    made = lab.mission.ideas.first()
    assert mission.type.render_review(mission, made).strip()[:40] in response.text
    aggregate = mission.type.render_aggregate(mission, [clean, clean])
    assert (aggregate.strip()[:40] in response.text) if aggregate else 'id="aggregate-title"' not in response.text
    add(10)
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(url(lab))
