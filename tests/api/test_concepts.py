"""Business concepts, clustering runs, near-duplicate groups and similar ideas through /api/v1/."""

import pytest

from cocreate.ideas.models import Credit, Idea
from cocreate.realization import concepts as s
from cocreate.realization.enums import ClusteringStatus
from cocreate.realization.models import ClusteringRun, Concept
from tests import factories as f

from .helpers import ROLES, idea_url, org_url, person

pytestmark = pytest.mark.django_db
ALLOWED = {"executive", "org_admin"}


@pytest.fixture(autouse=True)
def _fresh_index():
    s.similar_index_reset()
    yield
    s.similar_index_reset()


@pytest.mark.parametrize("role", ROLES)
def test_role_matrix(api, labs, role):
    lab, other = labs
    concept = s.concept_create(actor=lab.users["executive"], organization=lab.org, name="Mine")
    theirs = s.concept_create(actor=other.users["executive"], organization=other.org, name="Theirs")
    run = ClusteringRun.objects.create(organization=lab.org, status=ClusteringStatus.DONE)
    their_run = ClusteringRun.objects.create(organization=other.org, status=ClusteringStatus.DONE)
    idea = f.IdeaFactory(organization=lab.org)
    api.as_user(person(lab, role)) if role != "visitor" else api.as_user(None)
    allowed = role in ALLOWED
    expected = 401 if role == "visitor" else (200 if allowed else 404)
    assert api.get(f"{org_url(lab)}/concepts").status_code == expected
    assert api.get(f"{org_url(lab)}/clustering-runs/{run.pk}").status_code == expected
    assert api.patch(f"{org_url(lab)}/concepts/{concept.pk}", {"description": "x"}).status_code == expected
    assert api.get(idea_url(lab, idea, "/duplicate-suggestions")).status_code == expected
    created = api.post(f"{org_url(lab)}/concepts", {"name": f"New {role}"}).status_code
    assert created == (401 if role == "visitor" else 201 if allowed else 404)
    if allowed:
        assert api.get(f"{org_url(lab)}/clustering-runs/{their_run.pk}").status_code == 404
        assert api.patch(f"{org_url(lab)}/concepts/{theirs.pk}", {"name": "Stolen"}).status_code == 404
        assert api.post(f"{org_url(lab)}/concepts/{concept.pk}/merge/{theirs.pk}").status_code == 404
        assert api.get(f"{org_url(other)}/concepts").status_code == 404


def test_list_has_constant_queries(api, lab, django_assert_max_num_queries):
    executive = lab.users["executive"]
    for i in range(15):
        c = s.concept_create(actor=executive, organization=lab.org, name=f"C{i:02}")
        f.IdeaFactory.create_batch(2, organization=lab.org, concept=c)
    api.as_user(executive)
    with django_assert_max_num_queries(10):
        body = api.get(f"{org_url(lab)}/concepts", {"limit": 10}).json()
    assert body["count"] == 15 and body["items"][0] == {"id": Concept.objects.get(name="C00").pk, "name": "C00",
                                                        "description": "", "idea_count": 2}


def test_run_progress_suggestions_and_accept(api, lab, django_capture_on_commit_callbacks):
    for t in ["고객 서비스 챗봇", "고객 서비스 응대", "solar roof energy", "solar panels energy"]:
        f.IdeaFactory(organization=lab.org, title=t, body=t)
    api.as_user(lab.users["executive"])
    with django_capture_on_commit_callbacks(execute=True):
        started = api.post(f"{org_url(lab)}/clustering-runs", {"clusters": 2})
    assert started.status_code == 202 and started.json()["status"] == "queued"
    assert api.post(f"{org_url(lab)}/clustering-runs", {"clusters": 500}).status_code == 422
    run = api.get(f"{org_url(lab)}/clustering-runs/{started.json()['id']}").json()
    assert run["status"] == "done" and run["progress"] == 100 and len(run["suggestions"]) == 2
    first, second = run["suggestions"]
    accepted = api.post(f"{org_url(lab)}/concept-suggestions/{first['id']}/accept", {"name": "Named"})
    assert accepted.status_code == 201 and accepted.json()["idea_count"] == first["size"]
    assert api.post(f"{org_url(lab)}/concept-suggestions/{first['id']}/accept", {"name": "Again"}).status_code == 400
    assert api.post(f"{org_url(lab)}/concept-suggestions/{second['id']}/dismiss").status_code == 204


def test_merge_split_classify(api, lab):
    api.as_user(lab.users["org_admin"])
    a = api.post(f"{org_url(lab)}/concepts", {"name": "A"}).json()
    b = api.post(f"{org_url(lab)}/concepts", {"name": "B"}).json()
    assert api.post(f"{org_url(lab)}/concepts", {"name": "a"}).status_code == 400
    ideas = f.IdeaFactory.create_batch(3, organization=lab.org)
    ids = [i.pk for i in ideas]
    assert api.post(f"{org_url(lab)}/concept-assignments", {"idea_ids": ids, "concept_id": a["id"]}).json() == {
        "count": 3}
    split = api.post(f"{org_url(lab)}/concepts/{a['id']}/split", {"idea_ids": ids[1:], "name": "A2"})
    assert split.status_code == 201 and split.json()["idea_count"] == 2
    merged = api.post(f"{org_url(lab)}/concepts/{a['id']}/merge/{b['id']}")
    assert merged.status_code == 200 and merged.json()["idea_count"] == 1
    assert not Concept.objects.filter(pk=a["id"]).exists()


def test_duplicate_groups_and_credits(api, lab):
    primary = f.IdeaFactory(organization=lab.org, title="Refillable sea-salt can")
    twin = f.IdeaFactory(organization=lab.org, title="Refillable sea salt can!")
    api.as_user(lab.users["executive"])
    suggested = api.get(idea_url(lab, primary, "/duplicate-suggestions")).json()
    assert suggested[0]["id"] == twin.pk and 0 < suggested[0]["score"] <= 1
    group = api.post(idea_url(lab, primary, "/duplicates"), {"idea_ids": [twin.pk]})
    assert group.status_code == 200 and group.json()["idea_ids"] == sorted([primary.pk, twin.pk])
    assert Credit.objects.filter(idea=primary, user=twin.author).exists()
    assert api.delete(idea_url(lab, twin, "/duplicates")).status_code == 204
    assert not Credit.objects.filter(idea=primary, user=twin.author).exists()
    assert api.delete(idea_url(lab, twin, "/duplicates")).status_code == 400
    foreign = f.IdeaFactory()
    assert api.post(idea_url(lab, primary, "/duplicates"), {"idea_ids": [foreign.pk]}).status_code == 404


def test_similar_ideas_respect_visibility(api, lab):
    visible = f.IdeaFactory(organization=lab.org, title="Refillable sea-salt can")
    f.IdeaFactory(organization=lab.org, title="Refillable sea-salt can secret", channel="mission",
                  program=lab.program, mission=lab.mission)
    api.as_user(lab.users["member"])
    body = api.get(f"{org_url(lab)}/similar-ideas", {"text": "refillable sea salt"}).json()
    assert [r["id"] for r in body] == [visible.pk]
    assert api.get(f"{org_url(lab)}/similar-ideas", {"text": "refillable", "exclude": visible.pk}).json() == []
    assert Idea.objects.count() == 2
