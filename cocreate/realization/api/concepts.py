"""Business concepts, clustering runs and their suggestions, near-duplicate groups, and the
similar-ideas lookup (``realization.concepts``)."""

from datetime import datetime

from django.db.models import Count
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema, Status

from cocreate.core.api import TEXT, Id, Page, PageParams, PathId, answers, organization_scope, page, page_of, require
from cocreate.ideas.models import Idea
from cocreate.ideas.selectors import idea_for_user

from .. import concepts as services
from ..models import ClusteringRun, Concept, ConceptSuggestion

router = Router(tags=["realization"])
ORG = "/organizations/{slug}"


class ConceptIn(Schema):
    name: str = Field(max_length=200)
    description: str = Field("", max_length=TEXT)


class ConceptPatch(Schema):
    name: str | None = Field(None, max_length=200)
    description: str | None = Field(None, max_length=TEXT)


class ConceptOut(Schema):
    id: int
    name: str
    description: str
    idea_count: int = 0


class RunIn(Schema):
    clusters: int = Field(0, ge=0, le=200, description="How many concepts to suggest; 0 lets the system choose.")
    only_unclassified: bool = True


class SuggestionOut(Schema):
    id: int
    terms: list[str]
    idea_ids: list[int]
    size: int
    concept_id: int | None
    dismissed: bool


class RunOut(Schema):
    id: int
    status: str
    progress: int
    clusters: int
    idea_count: int
    only_unclassified: bool
    created_at: datetime
    finished_at: datetime | None
    suggestions: list[SuggestionOut] = []


class AcceptIn(Schema):
    name: str = Field("", max_length=200)
    description: str = Field("", max_length=TEXT)
    concept_id: Id | None = Field(None, description="Add the ideas to this existing concept instead.")
    overwrite: bool = False


class IdsIn(Schema):
    idea_ids: list[Id] = Field(max_length=10_000)


class SplitIn(IdsIn):
    name: str = Field(max_length=200)
    description: str = Field("", max_length=TEXT)


class ClassifyIn(IdsIn):
    concept_id: Id | None = Field(None, description="None takes the ideas out of their concept.")
    overwrite: bool = True


class CountOut(Schema):
    count: int


class SimilarOut(Schema):
    id: int
    title: str
    score: float


class GroupOut(Schema):
    id: int
    primary_id: int
    idea_ids: list[int]


class SimilarParams(Schema):
    text: str = Field("", max_length=5000)
    exclude: Id | None = None


def _concept_out(c) -> ConceptOut:
    return ConceptOut(id=c.pk, name=c.name, description=c.description, idea_count=getattr(c, "idea_count", 0))


def _run_out(run, suggestions=()) -> RunOut:
    return RunOut(id=run.pk, status=run.status, progress=run.progress, clusters=run.clusters,
                  idea_count=run.idea_count, only_unclassified=run.only_unclassified, created_at=run.created_at,
                  finished_at=run.finished_at,
                  suggestions=[SuggestionOut(id=s.pk, terms=s.terms, idea_ids=s.idea_ids, size=s.size,
                                             concept_id=s.concept_id, dismissed=s.dismissed) for s in suggestions])


@router.get(ORG + "/concepts", response=answers({200: Page[ConceptOut]}, 401, 404))
def concept_list(request, slug: str, params: Query[PageParams]):
    """The organization's business concepts with their number of ideas (executives, admins)."""
    with organization_scope(request, slug) as org:
        require(request.user, "realization.view_concepts", org)
        qs = Concept.objects.filter(organization=org).annotate(idea_count=Count("ideas")).order_by("name", "pk")
        rows, count = page_of(qs, params)
        return page([_concept_out(c) for c in rows], count, params)


@router.post(ORG + "/concepts", response=answers({201: ConceptOut}, 400, 401, 404))
def concept_create(request, slug: str, data: ConceptIn):
    with organization_scope(request, slug) as org:
        require(request.user, "realization.manage_concepts", org)
        concept = services.concept_create(actor=request.user, organization=org, name=data.name,
                                          description=data.description)
        return Status(201, _concept_out(concept))


def _get(org, pk) -> Concept:
    return get_object_or_404(Concept.objects.annotate(idea_count=Count("ideas")), organization=org, pk=pk)


@router.patch(ORG + "/concepts/{concept_id}", response=answers({200: ConceptOut}, 400, 401, 404))
def concept_update(request, slug: str, concept_id: PathId, data: ConceptPatch):
    """Rename and/or describe a concept."""
    with organization_scope(request, slug) as org:
        require(request.user, "realization.manage_concepts", org)
        concept = services.concept_update(actor=request.user, concept=_get(org, concept_id), name=data.name,
                                          description=data.description)
        return _concept_out(concept)


@router.post(ORG + "/concepts/{concept_id}/merge/{into_id}", response=answers({200: ConceptOut}, 400, 401, 404))
def concept_merge(request, slug: str, concept_id: PathId, into_id: PathId):
    """Move every idea of the concept into ``into_id`` and delete it."""
    with organization_scope(request, slug) as org:
        require(request.user, "realization.manage_concepts", org)
        target = services.concept_merge(actor=request.user, source=_get(org, concept_id), target=_get(org, into_id))
        return _concept_out(_get(org, target.pk))


@router.post(ORG + "/concepts/{concept_id}/split", response=answers({201: ConceptOut}, 400, 401, 404))
def concept_split(request, slug: str, concept_id: PathId, data: SplitIn):
    """A new concept with the given ideas of this one."""
    with organization_scope(request, slug) as org:
        require(request.user, "realization.manage_concepts", org)
        new = services.concept_split(actor=request.user, concept=_get(org, concept_id), idea_ids=data.idea_ids,
                                     name=data.name, description=data.description)
        return Status(201, _concept_out(_get(org, new.pk)))


@router.post(ORG + "/concept-assignments", response=answers({200: CountOut}, 400, 401, 404))
def classify(request, slug: str, data: ClassifyIn):
    """Put ideas into a concept (or out of theirs); answers how many changed."""
    with organization_scope(request, slug) as org:
        require(request.user, "realization.manage_concepts", org)
        concept = _get(org, data.concept_id) if data.concept_id is not None else None
        count = services.ideas_classify(actor=request.user, organization=org, idea_ids=data.idea_ids,
                                        concept=concept, overwrite=data.overwrite)
        return CountOut(count=count)


@router.post(ORG + "/clustering-runs", response=answers({202: RunOut}, 400, 401, 404))
def run_start(request, slug: str, data: RunIn):
    """Start suggesting concepts in the background; poll the run for its progress."""
    with organization_scope(request, slug) as org:
        require(request.user, "realization.manage_concepts", org)
        run = services.clustering_start(actor=request.user, organization=org, clusters=data.clusters,
                                        only_unclassified=data.only_unclassified)
        return Status(202, _run_out(run))


@router.get(ORG + "/clustering-runs/{run_id}", response=answers({200: RunOut}, 401, 404))
def run_detail(request, slug: str, run_id: PathId):
    """A run's status and progress (0–100) and, when done, its suggestions."""
    with organization_scope(request, slug) as org:
        require(request.user, "realization.view_concepts", org)
        run = get_object_or_404(ClusteringRun, organization=org, pk=run_id)
        return _run_out(run, ConceptSuggestion.objects.filter(run=run))


def _suggestion(org, pk) -> ConceptSuggestion:
    return get_object_or_404(ConceptSuggestion.objects.select_related("run__organization"),
                             run__organization=org, pk=pk)


@router.post(ORG + "/concept-suggestions/{suggestion_id}/accept", response=answers({201: ConceptOut}, 400, 401, 404))
def suggestion_accept(request, slug: str, suggestion_id: PathId, data: AcceptIn):
    with organization_scope(request, slug) as org:
        require(request.user, "realization.manage_concepts", org)
        concept = _get(org, data.concept_id) if data.concept_id is not None else None
        concept = services.suggestion_accept(actor=request.user, suggestion=_suggestion(org, suggestion_id),
                                             name=data.name, description=data.description, concept=concept,
                                             overwrite=data.overwrite)
        return Status(201, _concept_out(_get(org, concept.pk)))


@router.post(ORG + "/concept-suggestions/{suggestion_id}/dismiss", response=answers({204: None}, 400, 401, 404))
def suggestion_dismiss(request, slug: str, suggestion_id: PathId):
    with organization_scope(request, slug) as org:
        require(request.user, "realization.manage_concepts", org)
        services.suggestion_dismiss(actor=request.user, suggestion=_suggestion(org, suggestion_id))
        return Status(204, None)


@router.post(ORG + "/ideas/{idea_id}/duplicates", response=answers({200: GroupOut}, 400, 401, 404))
def duplicates_group(request, slug: str, idea_id: PathId, data: IdsIn):
    """Group ideas as near-duplicates of this one (the primary); their authors are credited on it."""
    with organization_scope(request, slug) as org:
        require(request.user, "realization.manage_concepts", org)
        primary = idea_for_user(request.user, org, idea_id)
        members = list(Idea.objects.filter(organization=org, pk__in=data.idea_ids))
        if len(members) != len(set(data.idea_ids)):
            from django.http import Http404

            raise Http404
        group = services.duplicates_group(actor=request.user, primary=primary, members=members)
        ids = list(Idea.objects.filter(duplicate_group=group).order_by("pk").values_list("pk", flat=True))
        return GroupOut(id=group.pk, primary_id=group.primary_id, idea_ids=ids)


@router.delete(ORG + "/ideas/{idea_id}/duplicates", response=answers({204: None}, 400, 401, 404))
def duplicates_ungroup(request, slug: str, idea_id: PathId):
    """Take the idea out of its group (the primary dissolves the group)."""
    with organization_scope(request, slug) as org:
        require(request.user, "realization.manage_concepts", org)
        services.duplicates_ungroup(actor=request.user, idea=idea_for_user(request.user, org, idea_id))
        return Status(204, None)


@router.get(ORG + "/ideas/{idea_id}/duplicate-suggestions", response=answers({200: list[SimilarOut]}, 401, 404))
def duplicate_suggestions(request, slug: str, idea_id: PathId):
    """Ideas that may duplicate this one, most similar first."""
    with organization_scope(request, slug) as org:
        require(request.user, "realization.manage_concepts", org)
        idea = idea_for_user(request.user, org, idea_id)
        return [SimilarOut(id=i.pk, title=i.title, score=s) for i, s in services.duplicate_suggestions(request.user,
                                                                                                      idea)]


@router.get(ORG + "/similar-ideas", response=answers({200: list[SimilarOut]}, 401, 404))
def similar(request, slug: str, params: Query[SimilarParams]):
    """The 10 published ideas most like ``text`` that the caller may see (lookup while typing)."""
    with organization_scope(request, slug) as org:
        if not request.user.is_authenticated:
            from django.http import Http404

            raise Http404
        exclude = [params.exclude] if params.exclude else []
        return [SimilarOut(id=i.pk, title=i.title, score=s)
                for i, s in services.similar_ideas(request.user, org, params.text, exclude=exclude)]
