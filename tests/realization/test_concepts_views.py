"""Concept pages: the role matrix, another organization's objects (404), query-count guards,
the progress partial polled by htmx, merge/split/accept forms and the similar-ideas box."""

import pytest
from django.utils import translation

from cocreate.ideas.models import Credit, Idea
from cocreate.realization import concepts as s
from cocreate.realization.enums import ClusteringStatus
from cocreate.realization.models import ClusteringRun, Concept
from tests import factories as f
from tests.roles import ROLES, expected_status, login, user_of

pytestmark = pytest.mark.django_db
ALLOWED = {"executive", "org_admin"}


@pytest.fixture(autouse=True)
def _fresh_index():
    s.similar_index_reset()
    yield
    s.similar_index_reset()


def urls(lab, concept, run, idea):
    o = lab.org.slug
    return [f"/o/{o}/concepts/", f"/o/{o}/concepts/{concept.pk}/", f"/o/{o}/concepts/runs/{run.pk}/",
            f"/o/{o}/ideas/{idea.pk}/duplicates/"]


def objects(lab):
    concept = s.concept_create(actor=lab.users["executive"], organization=lab.org, name=f"C {lab.org.slug}")
    run = ClusteringRun.objects.create(organization=lab.org, status=ClusteringStatus.DONE, progress=100)
    idea = f.IdeaFactory(organization=lab.org, title="Sea can", concept=concept)
    return concept, run, idea


@pytest.mark.parametrize("role", ROLES)
def test_role_matrix_and_other_organization(client, labs, role):
    lab, other = labs
    mine, theirs = objects(lab), objects(other)
    login(client, user_of(lab, role))
    for url in urls(lab, *mine):
        assert client.get(url).status_code == expected_status(role, role in ALLOWED), url
    if role in ALLOWED:
        o = lab.org.slug
        concept, run, idea = theirs
        for url in [f"/o/{o}/concepts/{concept.pk}/", f"/o/{o}/concepts/runs/{run.pk}/",
                    f"/o/{o}/ideas/{idea.pk}/duplicates/"]:
            assert client.get(url).status_code == 404, url


@pytest.mark.parametrize("role", ["member", "judge", "reviewer"])
def test_only_executives_and_admins_may_post(client, lab, role):
    concept, run, idea = objects(lab)
    login(client, lab.users[role])
    assert client.post(f"/o/{lab.org.slug}/concepts/", {"action": "create", "name": "X"}).status_code == 404
    assert client.post(f"/o/{lab.org.slug}/concepts/classify/", {"ideas": [idea.pk]}).status_code == 404
    assert Concept.objects.count() == 1


def test_list_and_detail_pages_have_constant_queries(client, lab, django_assert_max_num_queries):
    executive = lab.users["executive"]
    client.force_login(executive)
    for i in range(12):
        c = s.concept_create(actor=executive, organization=lab.org, name=f"Concept {i}")
        f.IdeaFactory.create_batch(2, organization=lab.org, concept=c)
    big = Concept.objects.get(name="Concept 0")
    f.IdeaFactory.create_batch(20, organization=lab.org, concept=big)
    with django_assert_max_num_queries(16):
        assert client.get(f"/o/{lab.org.slug}/concepts/").status_code == 200
    with django_assert_max_num_queries(16):
        assert client.get(f"/o/{lab.org.slug}/concepts/{big.pk}/").status_code == 200
    run = ClusteringRun.objects.create(organization=lab.org, status=ClusteringStatus.DONE)
    ids = list(Idea.objects.values_list("pk", flat=True))
    for i in range(8):
        run.suggestions.create(terms=["a", "b"], idea_ids=ids[i::8], size=len(ids[i::8]))
    with django_assert_max_num_queries(14):
        assert client.get(f"/o/{lab.org.slug}/concepts/runs/{run.pk}/").status_code == 200


def test_starting_a_run_shows_its_progress_and_suggestions(client, lab, django_capture_on_commit_callbacks):
    for t in ["고객 서비스 챗봇", "고객 서비스 응대", "solar roof energy", "solar panels energy"]:
        f.IdeaFactory(organization=lab.org, title=t, body=t)
    client.force_login(lab.users["executive"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/o/{lab.org.slug}/concepts/", {"action": "cluster", "clusters": 2,
                                                                 "only_unclassified": "on"})
    run = ClusteringRun.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/concepts/runs/{run.pk}/")
    text = client.get(response["Location"]).text
    assert "고객" in text and "solar" in text and "<progress" in text and "every 2s" not in text
    suggestion = run.suggestions.first()
    response = client.post(f"/o/{lab.org.slug}/concepts/suggestions/{suggestion.pk}/",
                           {"action": "accept", f"s{suggestion.pk}-name": "Named"})
    assert response.status_code == 302
    assert set(Concept.objects.get(name="Named").ideas.values_list("pk", flat=True)) == set(suggestion.idea_ids)


def test_a_running_run_polls_every_two_seconds_and_offers_a_refresh_link(client, lab):
    run = ClusteringRun.objects.create(organization=lab.org, status=ClusteringStatus.RUNNING, progress=40)
    client.force_login(lab.users["org_admin"])
    url = f"/o/{lab.org.slug}/concepts/runs/{run.pk}/"
    text = client.get(url).text
    assert 'hx-trigger="every 2s"' in text and f'href="{url}"' in text and 'value="40"' in text
    partial = client.get(url, headers={"HX-Request": "true", "HX-Target": "run-progress"}).text
    assert partial.lstrip().startswith("<section") and "<html" not in partial
    ClusteringRun.objects.filter(pk=run.pk).update(status=ClusteringStatus.DONE, progress=100)
    done = client.get(url, headers={"HX-Request": "true", "HX-Target": "run-progress"})
    assert done["HX-Refresh"] == "true" and "every 2s" not in done.text


def test_merge_and_split_forms(client, lab):
    executive = lab.users["executive"]
    client.force_login(executive)
    a = s.concept_create(actor=executive, organization=lab.org, name="A")
    b = s.concept_create(actor=executive, organization=lab.org, name="B")
    i1, i2, i3 = f.IdeaFactory.create_batch(3, organization=lab.org, concept=a)
    url = f"/o/{lab.org.slug}/concepts/{a.pk}/"
    response = client.post(url, {"action": "split", "ideas": [i2.pk, i3.pk], "split-name": "A2"})
    assert response.status_code == 302
    assert set(Concept.objects.get(name="A2").ideas.values_list("pk", flat=True)) == {i2.pk, i3.pk}
    with translation.override("en"):
        response = client.post(url, {"action": "split", "ideas": [i1.pk], "split-name": "Everything"})
        assert response.status_code == 200 and "Leave at least one idea" in response.text
        assert 'value="Everything"' in response.text  # what was typed is kept
    response = client.post(url, {"action": "merge", "into": b.pk})
    assert response.status_code == 302 and not Concept.objects.filter(pk=a.pk).exists()
    assert list(b.ideas.values_list("pk", flat=True)) == [i1.pk]


def test_classify_in_bulk(client, lab):
    executive = lab.users["executive"]
    client.force_login(executive)
    c = s.concept_create(actor=executive, organization=lab.org, name="C")
    ideas = f.IdeaFactory.create_batch(3, organization=lab.org)
    response = client.post(f"/o/{lab.org.slug}/concepts/classify/",
                           {"ideas": [i.pk for i in ideas], "concept": c.pk, "next": "//evil.example"})
    assert response.status_code == 302 and not response["Location"].startswith("//")
    assert c.ideas.count() == 3


def test_duplicates_page_groups_and_credits(client, lab):
    executive = lab.users["executive"]
    client.force_login(executive)
    primary = f.IdeaFactory(organization=lab.org, title="Refillable sea-salt can")
    twin = f.IdeaFactory(organization=lab.org, title="Refillable sea salt can!")
    url = f"/o/{lab.org.slug}/ideas/{primary.pk}/duplicates/"
    assert twin.title in client.get(url).text  # suggested
    assert client.post(url, {"action": "group", "ideas": [twin.pk]}).status_code == 302
    assert Credit.objects.filter(idea=primary, user=twin.author).exists()
    assert client.post(url, {"action": "ungroup", "idea": twin.pk}).status_code == 302
    assert not Credit.objects.filter(idea=primary, user=twin.author).exists()
    concept = s.concept_create(actor=executive, organization=lab.org, name="Sea")
    response = client.post(f"/o/{lab.org.slug}/concepts/classify/", {"ideas": [primary.pk], "concept": concept.pk,
                                                                     "next": url})
    assert response["Location"] == url and concept.ideas.get() == primary
    assert 'selected>Sea</option>' in client.get(url).text


def test_similar_box_respects_visibility(client, lab):
    visible = f.IdeaFactory(organization=lab.org, title="Refillable sea-salt can")
    secret = f.IdeaFactory(organization=lab.org, title="Refillable sea-salt can secret", channel="mission",
                           program=lab.program, mission=lab.mission)
    client.force_login(lab.users["member"])
    url = f"/o/{lab.org.slug}/ideas/similar/"
    text = client.get(url, {"title": "refillable sea salt", "body": ""}).text
    assert visible.title in text and secret.title not in text
    assert client.get(url, {"title": ""}).text.strip() == ""
    client.logout()
    assert client.get(url, {"title": "refillable"}).status_code == 302


def test_the_idea_form_has_the_similar_box(client, lab):
    client.force_login(lab.users["member"])
    text = client.get(f"/o/{lab.org.slug}/ideas/new/").text
    assert f"/o/{lab.org.slug}/ideas/similar/" in text and "keyup changed delay:300ms" in text


def test_duplicates_page_and_similar_box_have_constant_queries(client, lab, django_assert_max_num_queries):
    executive = lab.users["executive"]
    primary = f.IdeaFactory(organization=lab.org, title="Refillable sea-salt can")
    members = [f.IdeaFactory(organization=lab.org, title=f"Refillable sea-salt can {i}") for i in range(12)]
    s.duplicates_group(actor=executive, primary=primary, members=members[:6])
    client.force_login(executive)
    client.get(f"/o/{lab.org.slug}/ideas/similar/", {"title": "warm up the index"})
    with django_assert_max_num_queries(14):
        assert client.get(f"/o/{lab.org.slug}/ideas/{primary.pk}/duplicates/").status_code == 200
    client.force_login(lab.users["member"])
    with django_assert_max_num_queries(10):
        text = client.get(f"/o/{lab.org.slug}/ideas/similar/", {"title": "refillable sea salt can"}).text
    assert text.count("<li>") == 10


def test_proposed_names_never_repeat_a_taken_or_proposed_name():
    from types import SimpleNamespace

    from cocreate.realization.views.concepts import proposed_names

    suggestions = [SimpleNamespace(pk=k, terms=terms) for k, terms in enumerate([
        ["refill", "bottle", "station", "gym"], ["refill", "bottle", "station", "office"],
        ["refill", "bottle", "station"], ["향기", "스프레이"], [],
    ])]
    names = proposed_names(suggestions, taken=["Refill · Bottle · Station"])
    assert names[0] == "refill · bottle · gym"  # the first terms' name is a concept already
    assert names[1] == "refill · bottle · office"
    assert names[2] == "refill · bottle · station (2)"
    assert names[3] == "향기 · 스프레이"
    with translation.override("en"):
        assert proposed_names(suggestions[4:], taken=[])[4] == "Concept"  # no terms: still a name to start from
