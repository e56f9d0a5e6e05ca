"""Concept services: clustering runs (the task and its progress), accepting suggestions,
merge, split, classification, and near-duplicate groups with their credits."""

import pytest

from cocreate.core.errors import DomainError
from cocreate.core.models import AuditEvent
from cocreate.ideas.models import Credit, Idea
from cocreate.realization import concepts as s
from cocreate.realization.enums import ClusteringStatus
from cocreate.realization.models import ClusteringRun, Concept, DuplicateGroup
from tests import factories as f

pytestmark = pytest.mark.django_db

KOREAN = ["고객 서비스 개선을 위한 챗봇 도입", "고객의 불만을 줄이는 서비스 응대 교육",
          "고객에게 빠른 응답 서비스 제공",
          "콜센터 고객 서비스 상담 품질"]
ENGLISH = ["Reduce energy use in the factory with solar panels", "Solar panels on the warehouse roof for energy",
           "Energy saving lights and solar power in offices", "Cut the energy bill with rooftop solar"]


@pytest.fixture(autouse=True)
def _fresh_index():
    s.similar_index_reset()
    yield
    s.similar_index_reset()


def ideas(lab, titles, **kw):
    return [f.IdeaFactory(organization=lab.org, title=t, body=t, **kw) for t in titles]


def test_a_clustering_run_reports_progress_and_stores_suggestions(lab, django_capture_on_commit_callbacks):
    ideas(lab, KOREAN + ENGLISH)
    f.IdeaFactory(organization=lab.org, title="초안", state="draft")  # drafts are never clustered
    executive = lab.users["executive"]
    with django_capture_on_commit_callbacks(execute=True):
        run = s.clustering_start(actor=executive, organization=lab.org, clusters=2)
    run.refresh_from_db()
    assert run.status == ClusteringStatus.DONE and run.progress == 100 and run.idea_count == 8
    suggestions = list(run.suggestions.all())
    assert sorted(x.size for x in suggestions) == [4, 4]
    titles = {x.pk: set(Idea.objects.filter(pk__in=x.idea_ids).values_list("title", flat=True)) for x in suggestions}
    assert sorted(map(sorted, titles.values())) == sorted([sorted(KOREAN), sorted(ENGLISH)])
    assert AuditEvent.objects.filter(verb="clustering.started").exists()


def test_progress_is_saved_while_running(lab, monkeypatch):
    from cocreate.realization import clustering

    ideas(lab, KOREAN)
    run = ClusteringRun.objects.create(organization=lab.org, clusters=2)
    seen = []
    real = clustering.cluster_texts

    def observed(*args, progress, **kwargs):
        def report(value):
            progress(value)
            seen.append(ClusteringRun.objects.values_list("status", "progress").get(pk=run.pk))

        return real(*args, progress=report, **kwargs)

    monkeypatch.setattr(clustering, "cluster_texts", observed)
    s.clustering_execute(run.pk)
    assert {status for status, _ in seen} == {ClusteringStatus.RUNNING}
    values = [p for _, p in seen]
    assert values == sorted(values) and values[0] >= 5 and values[-1] == 90
    run.refresh_from_db()
    assert run.status == ClusteringStatus.DONE and run.progress == 100


def test_a_second_run_is_refused_while_one_is_running(lab):
    from datetime import timedelta

    from django.utils import timezone

    running = ClusteringRun.objects.create(organization=lab.org, status=ClusteringStatus.RUNNING)
    with pytest.raises(DomainError):
        s.clustering_start(actor=lab.users["executive"], organization=lab.org)
    ClusteringRun.objects.filter(pk=running.pk).update(created_at=timezone.now() - timedelta(hours=2))
    assert s.clustering_start(actor=lab.users["executive"], organization=lab.org).pk != running.pk


def test_a_failed_run_says_so(lab, monkeypatch):
    run = ClusteringRun.objects.create(organization=lab.org)
    ideas(lab, KOREAN)
    monkeypatch.setattr("cocreate.realization.clustering.cluster_texts",
                        lambda *a, **k: (_ for _ in ()).throw(RuntimeError("boom")))
    with pytest.raises(RuntimeError):
        s.clustering_execute(run.pk)
    run.refresh_from_db()
    assert run.status == ClusteringStatus.FAILED and "boom" in run.error


def test_accepting_a_suggestion_keeps_classified_ideas_unless_overwrite(lab):
    executive = lab.users["executive"]
    a, b, c = ideas(lab, ["one", "two", "three"])
    other = s.concept_create(actor=executive, organization=lab.org, name="Other")
    Idea.objects.filter(pk=c.pk).update(concept=other)
    run = ClusteringRun.objects.create(organization=lab.org, status=ClusteringStatus.DONE)
    suggestion = run.suggestions.create(terms=["x"], idea_ids=[a.pk, b.pk, c.pk], size=3)
    concept = s.suggestion_accept(actor=executive, suggestion=suggestion, name="Sea")
    assert set(concept.ideas.values_list("pk", flat=True)) == {a.pk, b.pk}
    with pytest.raises(DomainError):
        s.suggestion_accept(actor=executive, suggestion=suggestion, name="Again")
    second = run.suggestions.create(terms=["y"], idea_ids=[c.pk], size=1)
    s.suggestion_accept(actor=executive, suggestion=second, concept=concept, overwrite=True)
    assert concept.ideas.count() == 3
    third = run.suggestions.create(terms=["z"], idea_ids=[a.pk], size=1)
    s.suggestion_dismiss(actor=executive, suggestion=third)
    third.refresh_from_db()
    assert third.dismissed


def test_names_are_unique_per_organization(lab):
    executive = lab.users["executive"]
    s.concept_create(actor=executive, organization=lab.org, name="Sea")
    with pytest.raises(DomainError):
        s.concept_create(actor=executive, organization=lab.org, name="sea")
    with pytest.raises(DomainError):
        s.concept_create(actor=executive, organization=lab.org, name="  ")
    other = s.concept_create(actor=executive, organization=lab.org, name="Land")
    with pytest.raises(DomainError):
        s.concept_update(actor=executive, concept=other, name="Sea")
    s.concept_update(actor=executive, concept=other, name="Land & air", description="More")
    other.refresh_from_db()
    assert other.name == "Land & air" and other.description == "More"


def test_merge_moves_ideas_and_deletes_the_merged_concept(lab):
    executive = lab.users["executive"]
    a, b = ideas(lab, ["one", "two"])
    source = s.concept_create(actor=executive, organization=lab.org, name="A")
    target = s.concept_create(actor=executive, organization=lab.org, name="B")
    s.ideas_classify(actor=executive, organization=lab.org, idea_ids=[a.pk], concept=source)
    s.ideas_classify(actor=executive, organization=lab.org, idea_ids=[b.pk], concept=target)
    s.concept_merge(actor=executive, source=source, target=target)
    assert not Concept.objects.filter(pk=source.pk).exists()
    assert set(target.ideas.values_list("pk", flat=True)) == {a.pk, b.pk}
    assert AuditEvent.objects.filter(verb="concept.merged", target_id=target.pk).exists()
    with pytest.raises(DomainError):
        s.concept_merge(actor=executive, source=target, target=target)


def test_split_makes_a_new_concept_from_selected_ideas(lab):
    executive = lab.users["executive"]
    a, b, c = ideas(lab, ["one", "two", "three"])
    concept = s.concept_create(actor=executive, organization=lab.org, name="All")
    assert s.ideas_classify(actor=executive, organization=lab.org, idea_ids=[a.pk, b.pk, c.pk], concept=concept) == 3
    new = s.concept_split(actor=executive, concept=concept, idea_ids=[b.pk, c.pk], name="Some")
    assert set(new.ideas.values_list("pk", flat=True)) == {b.pk, c.pk}
    assert list(concept.ideas.values_list("pk", flat=True)) == [a.pk]
    with pytest.raises(DomainError):
        s.concept_split(actor=executive, concept=concept, idea_ids=[a.pk], name="Everything")
    with pytest.raises(DomainError):
        s.concept_split(actor=executive, concept=concept, idea_ids=[b.pk], name="Not mine")
    assert s.ideas_classify(actor=executive, organization=lab.org, idea_ids=[a.pk], concept=None) == 1


def test_classify_refuses_another_organizations_concept(labs):
    lab, other = labs
    foreign = s.concept_create(actor=other.users["executive"], organization=other.org, name="Theirs")
    with pytest.raises(DomainError):
        s.ideas_classify(actor=lab.users["executive"], organization=lab.org, idea_ids=[], concept=foreign)


def test_grouping_credits_every_author_on_the_primary_and_ungrouping_takes_it_back(lab):
    executive = lab.users["executive"]
    primary, a, b = ideas(lab, ["Sea can", "Sea can!", "Sea can?"])
    teammate = f.UserFactory()
    Credit.objects.create(idea=b, user=teammate)
    earlier = a.author
    Credit.objects.create(idea=primary, user=earlier)  # credited before the grouping: kept
    group = s.duplicates_group(actor=executive, primary=primary, members=[a, b])
    credited = set(Credit.objects.filter(idea=primary).values_list("user_id", flat=True))
    assert {a.author_id, b.author_id, teammate.pk} <= credited
    assert set(Idea.objects.filter(duplicate_group=group).values_list("pk", flat=True)) == {primary.pk, a.pk, b.pk}
    b.refresh_from_db()
    s.duplicates_ungroup(actor=executive, idea=b)
    credited = set(Credit.objects.filter(idea=primary).values_list("user_id", flat=True))
    assert b.author_id not in credited and teammate.pk not in credited and earlier.pk in credited
    primary.refresh_from_db()
    s.duplicates_ungroup(actor=executive, idea=primary)  # the primary dissolves the group
    assert not DuplicateGroup.objects.filter(pk=group.pk).exists()
    assert not Idea.objects.filter(duplicate_group__isnull=False).exists()
    assert earlier.pk in set(Credit.objects.filter(idea=primary).values_list("user_id", flat=True))


def test_grouping_refuses_ideas_of_another_group_and_nothing(lab):
    executive = lab.users["executive"]
    p1, p2, m = ideas(lab, ["p1", "p2", "m"])
    s.duplicates_group(actor=executive, primary=p1, members=[m])
    m.refresh_from_db()
    with pytest.raises(DomainError):
        s.duplicates_group(actor=executive, primary=p2, members=[m])
    with pytest.raises(DomainError):
        s.duplicates_group(actor=executive, primary=p2, members=[p2])
    with pytest.raises(DomainError):
        s.duplicates_ungroup(actor=executive, idea=p2)


def test_similar_ideas_respect_visibility_and_refresh_incrementally(lab):
    member = lab.users["member"]
    visible = f.IdeaFactory(organization=lab.org, title="Refillable sea-salt can")
    confidential = f.IdeaFactory(organization=lab.org, title="Refillable sea-salt can (secret)",
                                 channel="mission", program=lab.program, mission=lab.mission)
    f.IdeaFactory(organization=lab.org, title="Refillable sea-salt can draft", state="draft")
    hits = [i.pk for i, _ in s.similar_ideas(member, lab.org, "refillable sea salt")]
    assert hits == [visible.pk]
    executive_hits = {i.pk for i, _ in s.similar_ideas(lab.users["executive"], lab.org, "refillable sea salt")}
    assert confidential.pk in executive_hits
    newer = f.IdeaFactory(organization=lab.org, title="Refillable sea-salt can, larger")
    assert newer.pk in [i.pk for i, _ in s.similar_ideas(member, lab.org, "refillable sea salt can larger")]
    assert s.similar_ideas(member, lab.org, "") == []
    suggestions = s.duplicate_suggestions(lab.users["executive"], visible)
    assert visible.pk not in [i.pk for i, _ in suggestions] and newer.pk in [i.pk for i, _ in suggestions]
