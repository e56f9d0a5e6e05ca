"""Submissions to a mission in /api/v1/: save a draft or submit (idempotent with
``client_key``), update a draft, list, attach files; and purchase intent on an idea."""

from django.db.models import Prefetch, Q
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from ninja import File, Query, Router, Status
from ninja.files import UploadedFile

from cocreate.core.api import Page, PageParams, PathId, answers, organization_scope, page, page_of, require
from cocreate.core.errors import DomainError
from cocreate.ideas import selectors as idea_selectors
from cocreate.ideas import services as idea_services
from cocreate.ideas.enums import IdeaState
from cocreate.ideas.models import Attachment, Credit, Idea
from cocreate.programs.selectors import program_for_user

from ..models import Deliverable, Team
from ..schemas import PurchaseIntentIn, PurchaseIntentOut, SubmissionIn, SubmissionOut, SubmissionRefusedOut
from ..selectors import mission_for_user
from ..submissions import may_take_part, submission_attach, submission_save

router = Router(tags=["missions"])

MISSION = "/organizations/{slug}/programs/{program_slug}/missions/{mission_id}"
SUBMISSIONS = MISSION + "/submissions"


def _mission(request, slug_org, program_slug, mission_id):
    program = program_for_user(request.user, slug_org, program_slug)
    return mission_for_user(request.user, program, mission_id)


def _rows(qs):
    return qs.select_related("author", "organization").prefetch_related(
        Prefetch("credits", queryset=Credit.objects.select_related("user").order_by("id")),
        Prefetch("attachments", queryset=Attachment.objects.order_by("id")))


def _out(idea) -> SubmissionOut:
    return SubmissionOut.of(_rows(Idea.objects.filter(pk=idea.pk)).get())


def _parts(mission, data: SubmissionIn):
    """The deliverable and team the client names (the service checks they fit the mission)."""
    deliverable = team = None
    if data.deliverable_id is not None:
        deliverable = Deliverable.objects.filter(pk=data.deliverable_id).first()
        if deliverable is None:
            raise DomainError(_("This deliverable belongs to another mission."), code="wrong_deliverable")
    if data.team_id is not None:
        team = Team.objects.filter(pk=data.team_id).first()
        if team is None:
            raise DomainError(_("You can only submit for a team of this mission that you are a member of."),
                              code="wrong_team")
    return deliverable, team


def _answer(result):
    if result.refused:
        return Status(400, SubmissionRefusedOut(detail=result.refused_reason, code=result.refused_code,
                                                submission=_out(result.idea)))
    return Status(201 if result.created else 200, _out(result.idea))


@router.post(SUBMISSIONS, response=answers({201: SubmissionOut, 200: SubmissionOut, 400: SubmissionRefusedOut},
                                           401, 404, 422))
def submission_create(request, slug: str, program_slug: str, mission_id: PathId, data: SubmissionIn):
    """Save a draft or submit to the mission (201). A repeat with the same ``client_key``
    answers the first one (200). Late work follows the mission's policy: when it is refused
    the answer is 400 with the text kept as your draft under ``submission``."""
    with organization_scope(request, slug) as org:
        mission = _mission(request, org, program_slug, mission_id)
        if not may_take_part(request.user, mission):
            raise Http404
        deliverable, team = _parts(mission, data)
        result = submission_save(mission, author=request.user, title=data.title, body=data.body,
                                 details=data.details, deliverable=deliverable, team=team, submit=data.submit,
                                 client_key=data.client_key)
        return _answer(result)


def _own_draft(request, mission, idea_id):
    idea = Idea.objects.filter(pk=idea_id, mission=mission, author=request.user).first()
    if idea is None:
        raise Http404
    return idea


@router.put(SUBMISSIONS + "/{idea_id}", response=answers({200: SubmissionOut, 400: SubmissionRefusedOut},
                                                         401, 404, 422))
def submission_update(request, slug: str, program_slug: str, mission_id: PathId, idea_id: PathId, data: SubmissionIn):
    """Rewrite your draft, or submit it with ``submit: true``."""
    with organization_scope(request, slug) as org:
        mission = _mission(request, org, program_slug, mission_id)
        if not may_take_part(request.user, mission):
            raise Http404
        idea = _own_draft(request, mission, idea_id)
        if idea.state != IdeaState.DRAFT:
            raise DomainError(_("A submitted idea can no longer be changed."), code="not_draft")
        deliverable, team = _parts(mission, data)
        result = submission_save(mission, author=request.user, title=data.title, body=data.body,
                                 details=data.details, deliverable=deliverable, team=team, submit=data.submit,
                                 idea=idea)
        if result.refused:
            return _answer(result)
        return Status(200, _out(result.idea))


@router.get(SUBMISSIONS, response=answers({200: Page[SubmissionOut]}, 401, 404))
def submission_list(request, slug: str, program_slug: str, mission_id: PathId, params: Query[PageParams]):
    """Staff: every submission. Others: their own (drafts too) and the peers' submissions
    they may see (not for types whose reports are private, such as mystery shopping)."""
    with organization_scope(request, slug) as org:
        mission = _mission(request, org, program_slug, mission_id)
        qs = idea_selectors.ideas_visible_to(request.user, org).filter(mission=mission)
        qs = qs.filter(~Q(state=IdeaState.DRAFT) | Q(author_id=request.user.pk))
        rows, count = page_of(_rows(qs).order_by("-submitted_at", "-id"), params)
        return page([SubmissionOut.of(i) for i in rows], count, params)


@router.post(SUBMISSIONS + "/{idea_id}/attachments", response=answers({201: SubmissionOut}, 400, 401, 404, 422))
def submission_attachments(request, slug: str, program_slug: str, mission_id: PathId, idea_id: PathId,
                           files: list[UploadedFile] = File(...)):  # noqa: B008 - ninja's way of declaring files
    """Attach images (PNG, JPEG, GIF, WebP) or PDFs to your draft (multipart, field ``files``)."""
    with organization_scope(request, slug) as org:
        mission = _mission(request, org, program_slug, mission_id)
        if not may_take_part(request.user, mission):
            raise Http404
        idea = _own_draft(request, mission, idea_id)
        submission_attach(idea, actor=request.user, files=files)
        return Status(201, _out(idea))


@router.put("/organizations/{slug}/ideas/{idea_id}/purchase-intent",
            response=answers({200: PurchaseIntentOut}, 400, 401, 404, 422))
def purchase_intent(request, slug: str, idea_id: PathId, data: PurchaseIntentIn):
    """How likely you would buy it (1–5), where the mission type asks; a repeat changes it."""
    with organization_scope(request, slug) as org:
        idea = idea_selectors.idea_for_user(request.user, org, idea_id)
        require(request.user, "ideas.state_purchase_intent", idea)
        intent = idea_services.purchase_intent_set(idea, user=request.user, value=data.value)
        summary = (idea_selectors.purchase_intent_summary(idea)
                   if request.user.has_perm("ideas.view_purchase_intents", idea) else {})
        return PurchaseIntentOut(value=intent.value, count=summary.get("count"), mean=summary.get("mean"))
