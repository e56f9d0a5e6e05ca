"""Business concepts and near-duplicate ideas (issue 5).

Executives group the ideas into concepts. A clustering run (a background task with progress)
suggests groups by the ideas' text (``clustering.py``); an executive accepts a suggestion as a
concept under a name they choose, or dismisses it; concepts are then renamed, described,
merged and split, and ideas classified one by one or in bulk.

Near-duplicate ideas are grouped under a primary idea; the author (and credited team) of every
member is credited on the primary, and that credit is taken back when the member leaves the
group unless the person had it before. The credits a group added are read back from its audit
events, so nothing else needs storing.

The lookup while typing (``similar_ideas``) uses one in-process ``SimilarIndex`` per
organization (``duplicates.py``), built on first use and refreshed incrementally with the
ideas created since; each web process holds its own.
"""

from __future__ import annotations

import datetime
import threading
import time

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_scopes import scope, scopes_disabled

from cocreate.core.errors import DomainError
from cocreate.core.models import AuditEvent
from cocreate.core.services import audit_record
from cocreate.ideas.enums import PUBLISHED_STATES
from cocreate.ideas.models import Credit, Idea

from .enums import ClusteringStatus
from .models import ClusteringRun, Concept, ConceptSuggestion, DuplicateGroup, Forwarding

# Concepts -----------------------------------------------------------------------------------


def _clean_name(name: str) -> str:
    name = " ".join((name or "").split())
    if not name:
        raise DomainError(_("Give the concept a name."), code="name_required")
    return name[:200]


def _name_free(organization, name: str, exclude_pk=None) -> None:
    taken = Concept.objects.filter(organization=organization, name__iexact=name)
    if exclude_pk:
        taken = taken.exclude(pk=exclude_pk)
    if taken.exists():
        raise DomainError(_("A concept with this name already exists."), code="name_taken")


def concept_create(*, actor, organization, name: str, description: str = "") -> Concept:
    name = _clean_name(name)
    with transaction.atomic():
        _name_free(organization, name)
        try:
            with transaction.atomic():
                concept = Concept.objects.create(organization=organization, name=name,
                                                 description=description or "", created_by=actor)
        except IntegrityError as exc:
            raise DomainError(_("A concept with this name already exists."), code="name_taken") from exc
        audit_record(actor=actor, verb="concept.created", target=concept, data={"name": name})
    return concept


def concept_update(*, actor, concept: Concept, name: str | None = None, description: str | None = None) -> Concept:
    """Rename and/or describe a concept."""
    changes = {}
    if name is not None:
        name = _clean_name(name)
        if name != concept.name:
            _name_free(concept.organization_id, name, exclude_pk=concept.pk)
            changes["name"] = [concept.name, name]
            concept.name = name
    if description is not None and description != concept.description:
        changes["description"] = True
        concept.description = description
    if changes:
        with transaction.atomic():
            concept.save(update_fields=["name", "description"])
            audit_record(actor=actor, verb="concept.updated", target=concept, data=changes)
    return concept


def concept_merge(*, actor, source: Concept, target: Concept) -> Concept:
    """Move every idea (and forwarding, and accepted suggestion) of ``source`` into ``target``
    and delete ``source``."""
    if source.pk == target.pk:
        raise DomainError(_("Choose another concept to merge into."), code="same_concept")
    if source.organization_id != target.organization_id:
        raise DomainError(_("Choose another concept to merge into."), code="other_organization")
    with transaction.atomic():
        moved = Idea.objects.filter(concept=source).update(concept=target)
        Forwarding.objects.filter(concept=source).update(concept=target)
        ConceptSuggestion.objects.filter(concept=source).update(concept=target)
        audit_record(actor=actor, verb="concept.merged", target=target,
                     data={"merged": source.pk, "name": source.name, "ideas": moved})
        source.delete()
    return target


def concept_split(*, actor, concept: Concept, idea_ids, name: str, description: str = "") -> Concept:
    """A new concept holding the selected ideas of ``concept``."""
    ids = {int(i) for i in idea_ids}
    ideas = Idea.objects.filter(concept=concept, pk__in=ids)
    if not ids or ideas.count() != len(ids):
        raise DomainError(_("Choose ideas of this concept to move."), code="no_ideas")
    if Idea.objects.filter(concept=concept).count() == len(ids):
        raise DomainError(_("Leave at least one idea in the concept, or rename it instead."), code="all_ideas")
    with transaction.atomic():
        new = concept_create(actor=actor, organization=concept.organization, name=name, description=description)
        ideas.update(concept=new)
        audit_record(actor=actor, verb="concept.split", target=concept, data={"into": new.pk, "ideas": sorted(ids)})
    return new


def ideas_classify(*, actor, organization, idea_ids, concept: Concept | None, overwrite: bool = True) -> int:
    """Put ideas into ``concept`` (or take them out with None); returns how many changed."""
    if concept is not None and concept.organization_id != organization.pk:
        raise DomainError(_("Choose a concept of this organization."), code="other_organization")
    ids = sorted({int(i) for i in idea_ids})
    ideas = Idea.objects.filter(organization=organization, pk__in=ids)
    if not overwrite:
        ideas = ideas.filter(concept__isnull=True)
    if concept is not None:
        ideas = ideas.exclude(concept=concept)
    with transaction.atomic():
        changed = list(ideas.values_list("pk", flat=True))
        count = Idea.objects.filter(pk__in=changed).update(concept=concept)
        if count:
            audit_record(actor=actor, verb="ideas.classified", target=concept or organization,
                         organization=organization, data={"ideas": changed, "concept": getattr(concept, "pk", None)})
    return count


# Clustering runs ------------------------------------------------------------------------------

STALE_RUN = datetime.timedelta(hours=1)


def clustering_start(*, actor, organization, clusters: int = 0, only_unclassified: bool = True) -> ClusteringRun:
    """Queue a clustering run; the task fills its progress and suggestions."""
    from .tasks import run_clustering

    if not 0 <= clusters <= 200:
        raise DomainError(_("Choose between 2 and 200 concepts, or 0 to let the system choose."), code="clusters")
    # A run older than an hour that never finished (a worker that died) no longer blocks a new one.
    if ClusteringRun.objects.filter(organization=organization, created_at__gte=timezone.now() - STALE_RUN,
                                    status__in=[ClusteringStatus.QUEUED, ClusteringStatus.RUNNING]).exists():
        raise DomainError(_("A clustering run is already in progress."), code="running")
    with transaction.atomic():
        run = ClusteringRun.objects.create(organization=organization, clusters=clusters,
                                           only_unclassified=only_unclassified, created_by=actor)
        audit_record(actor=actor, verb="clustering.started", target=run,
                     data={"clusters": clusters, "only_unclassified": only_unclassified})
        transaction.on_commit(lambda pk=run.pk: run_clustering.enqueue(pk))
    return run


def clustering_ideas(organization, only_unclassified: bool):
    ideas = Idea.objects.filter(organization=organization, state__in=PUBLISHED_STATES, hidden_at__isnull=True)
    if only_unclassified:
        ideas = ideas.filter(concept__isnull=True)
    return ideas.order_by("pk")


def clustering_execute(run_id: int) -> ClusteringRun | None:
    """The task body: cluster, store suggestions, mark done (or failed, with the reason)."""
    with scopes_disabled():
        run = ClusteringRun.objects.select_related("organization").filter(pk=run_id).first()
    if run is None or run.status not in (ClusteringStatus.QUEUED, ClusteringStatus.RUNNING):
        return run
    with scope(organization=run.organization):
        return _execute(run)


def _execute(run: ClusteringRun) -> ClusteringRun:
    from .clustering import cluster_texts

    def save_progress(value: int) -> None:
        run.progress = value
        ClusteringRun.objects.filter(pk=run.pk).update(progress=value)

    ClusteringRun.objects.filter(pk=run.pk).update(status=ClusteringStatus.RUNNING, progress=1)
    run.status = ClusteringStatus.RUNNING
    try:
        rows = list(clustering_ideas(run.organization, run.only_unclassified).values_list("pk", "title", "body"))
        ClusteringRun.objects.filter(pk=run.pk).update(idea_count=len(rows))
        run.idea_count = len(rows)
        save_progress(5)
        result = cluster_texts([r[0] for r in rows], [f"{r[1]}. {r[2]}" for r in rows], k=run.clusters or None,
                               seed=run.pk, progress=lambda p: save_progress(5 + p * 85 // 100))
        with transaction.atomic():
            ConceptSuggestion.objects.filter(run=run).delete()
            ConceptSuggestion.objects.bulk_create(
                ConceptSuggestion(run=run, terms=c.terms, idea_ids=c.ids, size=c.size) for c in result.clusters
            )
            run.status, run.progress, run.finished_at = ClusteringStatus.DONE, 100, timezone.now()
            run.save(update_fields=["status", "progress", "finished_at", "idea_count"])
    except Exception as exc:
        run.status, run.error, run.finished_at = ClusteringStatus.FAILED, str(exc)[:1000], timezone.now()
        run.save(update_fields=["status", "error", "finished_at"])
        raise
    return run


def suggestion_accept(*, actor, suggestion: ConceptSuggestion, name: str = "", description: str = "",
                      concept: Concept | None = None, overwrite: bool = False) -> Concept:
    """Make a suggestion a concept (a new one named by the executive, or an existing one) and
    put its ideas in it; ideas already in a concept stay there unless ``overwrite``."""
    if suggestion.dismissed or suggestion.concept_id:
        raise DomainError(_("This suggestion was already handled."), code="handled")
    organization = suggestion.run.organization
    with transaction.atomic():
        if concept is None:
            concept = concept_create(actor=actor, organization=organization, name=name, description=description)
        elif concept.organization_id != organization.pk:
            raise DomainError(_("Choose a concept of this organization."), code="other_organization")
        ideas_classify(actor=actor, organization=organization, idea_ids=suggestion.idea_ids, concept=concept,
                       overwrite=overwrite)
        suggestion.concept = concept
        suggestion.save(update_fields=["concept"])
    return concept


def suggestion_dismiss(*, actor, suggestion: ConceptSuggestion) -> None:
    if suggestion.concept_id:
        raise DomainError(_("This suggestion was already handled."), code="handled")
    suggestion.dismissed = True
    suggestion.save(update_fields=["dismissed"])


# Near-duplicate groups -------------------------------------------------------------------------


def _credited_users(ideas) -> set[int]:
    ids = [i.pk for i in ideas]
    users = {i.author_id for i in ideas}
    users |= set(Credit.objects.filter(idea_id__in=ids).values_list("user_id", flat=True))
    return users


def duplicates_group(*, actor, primary: Idea, members) -> DuplicateGroup:
    """Group ``members`` as near-duplicates of ``primary`` (into the primary's group when it
    has one); every member's credited people are credited on the primary."""
    members = [m for m in members if m.pk != primary.pk]
    if not members:
        raise DomainError(_("Choose at least one other idea."), code="no_members")
    if any(m.organization_id != primary.organization_id for m in members):
        raise DomainError(_("Choose ideas of this organization."), code="other_organization")
    group = primary.duplicate_group
    if group is not None and group.primary_id != primary.pk:
        raise DomainError(_("This idea is already a duplicate of another idea."), code="not_primary")
    if any(m.duplicate_group_id and m.duplicate_group_id != getattr(group, "pk", None) for m in members):
        raise DomainError(_("One of the ideas is already in another group; take it out first."), code="grouped")
    with transaction.atomic():
        if group is None:
            group = DuplicateGroup.objects.create(organization=primary.organization, primary=primary,
                                                  created_by=actor)
            primary.duplicate_group = group
            primary.save(update_fields=["duplicate_group"])
        Idea.objects.filter(pk__in=[m.pk for m in members]).update(duplicate_group=group)
        already = set(Credit.objects.filter(idea=primary).values_list("user_id", flat=True))
        added = sorted(_credited_users(members) - already - {primary.author_id})
        Credit.objects.bulk_create([Credit(idea=primary, user_id=u) for u in added], ignore_conflicts=True)
        audit_record(actor=actor, verb="duplicates.grouped", target=group,
                     data={"primary": primary.pk, "ideas": [m.pk for m in members], "credited": added})
    return group


def _added_credits(group: DuplicateGroup) -> set[int]:
    events = AuditEvent.objects.filter(target_type=DuplicateGroup._meta.label_lower, target_id=group.pk,
                                       verb="duplicates.grouped")
    return {u for data in events.values_list("data", flat=True) for u in data.get("credited", [])}


def duplicates_ungroup(*, actor, idea: Idea) -> None:
    """Take ``idea`` out of its group (the whole group is dissolved when it is the primary or
    the last member); credits the group gave and nobody left justifies are removed."""
    group = idea.duplicate_group
    if group is None:
        raise DomainError(_("This idea is not in a group of duplicates."), code="not_grouped")
    with transaction.atomic():
        remaining = list(Idea.objects.filter(duplicate_group=group).exclude(pk=idea.pk)
                         .exclude(pk=group.primary_id))
        dissolve = idea.pk == group.primary_id or not remaining
        if dissolve:
            remaining = []
        added = _added_credits(group)
        still = _credited_users(remaining)
        Credit.objects.filter(idea_id=group.primary_id, user_id__in=added - still).delete()
        audit_record(actor=actor, verb="duplicates.ungrouped", target=group,
                     data={"idea": idea.pk, "dissolved": dissolve, "uncredited": sorted(added - still)})
        if dissolve:
            Idea.objects.filter(duplicate_group=group).update(duplicate_group=None)
            group.delete()
        else:
            Idea.objects.filter(pk=idea.pk).update(duplicate_group=None)
    idea.duplicate_group = None


# Similar ideas (the lookup while typing, duplicate suggestions) --------------------------------

INDEX_MAX_AGE = 15 * 60  # seconds before a full rebuild forgets edited and removed ideas
INDEX_MAX_SEGMENTS = 8
_indexes: dict[int, tuple[object, float]] = {}
_lock = threading.Lock()


def _indexable(organization):
    return Idea.objects.filter(organization=organization, state__in=PUBLISHED_STATES, hidden_at__isnull=True)


def _rows(qs):
    from .duplicates import index_text

    ids, texts = [], []
    for pk, title, body in qs.order_by("pk").values_list("pk", "title", "body").iterator(chunk_size=5000):
        ids.append(pk)
        texts.append(index_text(title, body[:200]))
    return ids, texts


def similar_index(organization):
    """The organization's index, built or refreshed (ideas with ids above the last indexed)."""
    from .duplicates import SimilarIndex

    with _lock:
        entry = _indexes.get(organization.pk)
        now = time.monotonic()
        newest = _indexable(organization).aggregate(m=Max("pk"))["m"] or 0
        if entry is not None:
            index, built = entry
            if now - built > INDEX_MAX_AGE or len(index.segments) > INDEX_MAX_SEGMENTS or newest < index.last_id:
                entry = None
        if entry is None:
            index = SimilarIndex.build(*_rows(_indexable(organization)))
            _indexes[organization.pk] = (index, now)
        elif newest > index.last_id:
            index.add(*_rows(_indexable(organization).filter(pk__gt=index.last_id)))
        return index


def similar_index_reset() -> None:
    with _lock:
        _indexes.clear()


def similar_ideas(user, organization, text: str, *, k: int = 10, exclude=(), min_score: float = 0.2):
    """The ``k`` published ideas most similar to ``text`` that ``user`` may see, as
    (idea, score) pairs, best first."""
    from cocreate.ideas.selectors import ideas_visible_to

    if len((text or "").strip()) < 3:
        return []
    hits = similar_index(organization).query(text, k=k * 5, exclude=exclude, min_score=min_score)
    if not hits:
        return []
    visible = {i.pk: i for i in ideas_visible_to(user, organization).filter(
        pk__in=[pk for pk, _ in hits], state__in=PUBLISHED_STATES, hidden_at__isnull=True)}
    return [(visible[pk], score) for pk, score in hits if pk in visible][:k]


def duplicate_suggestions(user, idea: Idea, *, k: int = 10, min_score: float = 0.35):
    """Ideas that may duplicate ``idea`` (not already in its group)."""
    exclude = [idea.pk]
    if idea.duplicate_group_id:
        exclude += list(Idea.objects.filter(duplicate_group_id=idea.duplicate_group_id).values_list("pk", flat=True))
    return similar_ideas(user, idea.organization, f"{idea.title} {idea.body}", k=k, exclude=exclude,
                         min_score=min_score)
