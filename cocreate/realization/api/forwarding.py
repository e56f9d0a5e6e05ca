"""Forwarding accepted ideas to departments, acknowledgements, and the archive search."""

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from ninja import Query, Router, Status

from cocreate.accounts.models import User
from cocreate.core.api import MAX_OFFSET, Id, PathId, answers, organization_scope, require
from cocreate.core.errors import DomainError, TransitionNotAllowed
from cocreate.ideas.selectors import idea_for_user
from cocreate.organizations.models import Department
from cocreate.organizations.selectors import departments_of

from .. import forwarding as services
from ..models import Concept, Forwarding
from ..schemas import ArchiveItemOut, ArchivePage, BoardFilter, ForwardIn, ForwardingOut, HandOffOut
from ..selectors import archive_search
from .board import board_filters

router = Router(tags=["realization"])

ORG = "/organizations/{slug}"


@router.post(ORG + "/forwardings", response=answers({201: list[ForwardingOut]}, 400, 401, 404, 422))
def forwarding_create(request, slug: str, data: ForwardIn):
    """Forward an accepted idea (``idea_id``) or every accepted idea of a concept
    (``concept_id``) to a department, with an owner, a due date and a note (executives).
    An idea already waiting at that department is not forwarded twice."""
    with organization_scope(request, slug) as org:
        if data.idea_id is not None:
            idea = idea_for_user(request.user, org, data.idea_id)
            require(request.user, "realization.forward_idea", idea)
            ideas, concept = [idea], None
        elif data.concept_id is not None:
            require(request.user, "realization.mark_seen", org)  # executives
            concept = get_object_or_404(Concept, organization=org, pk=data.concept_id)
            ideas = list(concept.ideas.filter(state__in=services.FORWARDABLE).select_related("organization"))
        else:
            raise DomainError(_("Name an idea or a concept to forward."), code="nothing_to_forward")
        department = Department.objects.filter(organization=org, pk=data.department_id).first()
        owner = User.objects.filter(pk=data.owner_id).first()
        created = services.forward_ideas(ideas, department=department, owner=owner, due_on=data.due_on,
                                         note=data.note, actor=request.user, concept=concept)
        return Status(201, [ForwardingOut.of(fw) for fw in created])


@router.get(ORG + "/forwardings", response=answers({200: list[ForwardingOut]}, 401, 404))
def forwarding_list(request, slug: str, department: Id | None = None, open: bool = False):
    """Forwardings (at most 200), those waiting for an acknowledgement first; an internal
    partner sees their own departments'."""
    with organization_scope(request, slug) as org:
        require(request.user, "realization.view_forwarded", org)
        qs = services.forwarded_list(org, department_id=department, open_only=open)
        if not request.user.has_perm("realization.view_board", org):
            qs = qs.filter(department_id__in=departments_of(request.user, org))
        today = timezone.localdate()
        return [ForwardingOut.of(fw, today) for fw in qs[:200]]


def _forwarding(request, org, pk):
    fw = Forwarding.objects.select_related("idea", "idea__organization", "department", "owner").filter(
        idea__organization=org, pk=pk).first()
    if fw is None:
        raise Http404
    return fw


@router.get(ORG + "/forwardings/{pk}", response=answers({200: ForwardingOut}, 401, 404))
def forwarding_detail(request, slug: str, pk: PathId):
    with organization_scope(request, slug) as org:
        fw = _forwarding(request, org, pk)
        if not (request.user.has_perm("realization.view_board", org) or fw.owner_id == request.user.pk
                or fw.department_id in departments_of(request.user, org)):
            raise Http404
        return ForwardingOut.of(fw)


@router.post(ORG + "/forwardings/{pk}/acknowledge", response=answers({200: ForwardingOut}, 401, 404))
def forwarding_acknowledge(request, slug: str, pk: PathId):
    """The owner or an internal partner of the department acknowledges receipt; the author
    is told. Acknowledging twice changes nothing."""
    with organization_scope(request, slug) as org:
        fw = _forwarding(request, org, pk)
        if fw.acknowledged_at is not None and (fw.owner_id == request.user.pk
                                               or fw.department_id in departments_of(request.user, org)):
            return ForwardingOut.of(fw)
        require(request.user, "realization.acknowledge_forwarding", fw)
        return ForwardingOut.of(services.acknowledge(fw, actor=request.user))


@router.delete(ORG + "/forwardings/{pk}", response=answers({204: None}, 401, 404, 409))
def forwarding_delete(request, slug: str, pk: PathId):
    """Withdraw a forwarding not yet acknowledged (executives)."""
    with organization_scope(request, slug) as org:
        fw = _forwarding(request, org, pk)
        require(request.user, "realization.mark_seen", org)
        if fw.acknowledged_at is not None:
            raise TransitionNotAllowed(_("An acknowledged forwarding stays on record."))
        services.withdraw(fw, actor=request.user)
        return Status(204, None)


@router.get(ORG + "/ideas/{idea_id}/hand-offs", response=answers({200: list[HandOffOut]}, 401, 404))
def idea_hand_offs(request, slug: str, idea_id: PathId):
    """The idea's hand-off to departments as its author follows it (the idea page's "Hand-off
    to departments"): each department it was forwarded to, when, and whether receipt was
    acknowledged. For the author and the organization's staff; anyone else gets 404."""
    with organization_scope(request, slug) as org:
        idea = idea_for_user(request.user, org, idea_id)
        require(request.user, "realization.view_hand_offs", idea)
        return [HandOffOut.of(fw) for fw in services.forwardings_of(idea)]


@router.get(ORG + "/archive", response=answers({200: ArchivePage}, 401, 404))
def archive(request, slug: str, filters: Query[BoardFilter], page: int = Query(1, ge=1, le=MAX_OFFSET)):
    """Every idea ever submitted (accepted or not), with the board's filters; with ``q``,
    best matches first (Korean and English), 50 per page (staff)."""
    with organization_scope(request, slug) as org:
        require(request.user, "realization.search_archive", org)
        kwargs = board_filters(org, filters)
        if kwargs is None:
            return {"page": page, "has_next": False, "items": []}
        ideas, more = archive_search(org, page=max(1, min(page, 200)), **kwargs)
        return {"page": page, "has_next": more, "items": [ArchiveItemOut(
            id=i.pk, title=i.title, state=i.state, state_label=i.get_state_display(),
            program=i.program.slug if i.program_id else None, concept=i.concept.name if i.concept_id else None,
            submitted_at=i.submitted_at, hidden=i.is_hidden) for i in ideas]}
