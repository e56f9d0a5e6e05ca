"""Writes on ideas. The lifecycle has one door: ``idea_transition``."""

from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cocreate.core.errors import DomainError, TransitionNotAllowed
from cocreate.core.services import audit_record
from cocreate.core.textsearch import document
from cocreate.notifications.services import notify

from .enums import TRANSITIONS, Channel, IdeaState
from .models import Comment, Idea, Support

# Notifying the author of every hop would be noise; these are the moments they care about.
# Decisions (accept/park/reject) are announced by realization with their reasons instead.
_ANNOUNCED = {IdeaState.IN_EVALUATION, IdeaState.IN_EXECUTIVE_REVIEW, IdeaState.IN_IMPLEMENTATION,
              IdeaState.IMPLEMENTED}


def idea_url(idea: Idea) -> str:
    return reverse("ideas:detail", args=[idea.organization.slug, idea.pk])


def _validate_text(title: str, body: str, *, partial: bool = False) -> tuple[str, str]:
    """``partial``: a mission draft may have no description yet (autosave keeps what is there)."""
    title, body = (title or "").strip(), (body or "").strip()
    if not title:
        raise DomainError(_("Give your idea a title."), code="title_required")
    if len(title) > 200:
        raise DomainError(_("The title can be at most 200 characters long."), code="title_too_long")
    if not body and not partial:
        raise DomainError(_("Describe your idea."), code="body_required")
    return title, body


def idea_create(
    *, author, organization, title: str, body: str, mission=None, submit: bool = False,
    partial: bool = False, extra: dict | None = None,
) -> Idea:
    """A new idea from the open channel, or from a mission when ``mission`` is given.
    ``submit`` sends it at once; otherwise it stays a private draft of its author. ``extra``
    holds a mission submission's own fields (details, deliverable, team, client_key), as
    ``missions.submissions.submission_save`` validated them."""
    title, body = _validate_text(title, body, partial=partial)
    if mission is None and not organization.open_channel_enabled:
        raise DomainError(_("This organization's open idea channel is closed."), code="channel_closed")
    if mission is not None and mission.program.organization_id != organization.pk:
        raise DomainError(_("This mission belongs to another organization."), code="wrong_organization")
    with transaction.atomic():
        idea = Idea.objects.create(
            organization=organization,
            channel=Channel.MISSION if mission else Channel.OPEN,
            program=mission.program if mission else None,
            mission=mission,
            author=author,
            title=title,
            body=body,
            search_document=document(title, body),
            **(extra or {}),
        )
        audit_record(actor=author, verb="idea.created", target=idea, data={"channel": idea.channel})
        if submit:
            idea = idea_transition(idea, IdeaState.SUBMITTED, actor=author)
    return idea


def idea_update(idea: Idea, *, actor, title: str, body: str, partial: bool = False,
                extra: dict | None = None) -> Idea:
    """The author rewrites a draft. Once submitted the text is frozen for everyone. ``extra``:
    a mission submission's own fields, as for ``idea_create``."""
    if idea.author_id != actor.pk:
        raise DomainError(_("Only the author can change an idea."), code="not_author")
    if idea.state != IdeaState.DRAFT:
        raise DomainError(_("A submitted idea can no longer be changed."), code="not_draft")
    idea.title, idea.body = _validate_text(title, body, partial=partial)
    idea.search_document = document(idea.title, idea.body)
    fields = ["title", "body", "search_document"]
    for name, value in (extra or {}).items():
        setattr(idea, name, value)
        fields.append(name)
    idea.save(update_fields=fields)
    return idea


def idea_transition(
    idea: Idea, to: IdeaState | str, *, actor, reason: str = "", data: dict | None = None,
    expected_from: IdeaState | str | None = None, now=None,
) -> Idea:
    """Move an idea along its lifecycle: validate against TRANSITIONS, save only what
    changed, append an audit event and notify the author after commit. The row is locked
    so that two people acting at once cannot both move it from the same state.

    ``expected_from`` is the state the person saw when they chose the change: if somebody
    else moved the idea since, the change is refused instead of silently overriding theirs."""
    to = IdeaState(to)
    with transaction.atomic():
        current = Idea.objects.select_for_update().filter(pk=idea.pk).values_list("state", flat=True).first()
        if current is None:
            raise DomainError(_("This idea no longer exists."), code="missing")
        source = IdeaState(current)
        if expected_from and source != IdeaState(expected_from):
            raise TransitionNotAllowed(
                _("Someone changed this idea meanwhile: it is now “%(source)s”. Look at it again before deciding."),
                params={"source": source.label},
            )
        if to not in TRANSITIONS[source]:
            raise TransitionNotAllowed(
                _("An idea that is “%(source)s” cannot become “%(target)s”."),
                params={"source": source.label, "target": to.label},
            )
        now = now or timezone.now()
        fields = ["state", "state_changed_at"]
        if to == IdeaState.SUBMITTED and idea.mission_id:
            # The mission's late policy decides whether work may still go in, and whether late.
            from cocreate.missions.submissions import submission_timing

            timing = submission_timing(idea.mission, idea.deliverable, now=now)
            if not timing.allowed:
                raise DomainError(timing.reason, code=timing.code)
            if timing.late != idea.is_late:
                idea.is_late = timing.late
                fields.append("is_late")
        idea.state = to
        idea.state_changed_at = now
        if to == IdeaState.SUBMITTED and idea.submitted_at is None:
            idea.submitted_at = now
            fields.append("submitted_at")
        idea.save(update_fields=fields)
        audit_record(
            actor=actor, verb="idea.transition", target=idea,
            data={"from": source.value, "to": to.value, "reason": reason, **(data or {})},
        )
        if to in _ANNOUNCED and idea.author_id != getattr(actor, "pk", None):
            notify([idea.author], "idea_state_changed",
                   params={"idea": idea.title, "state_value": to.value, "state": str(to.label)},
                   url=reverse("ideas:mine"))
    return idea


def idea_submit(idea: Idea, *, actor) -> Idea:
    if idea.author_id != actor.pk:
        raise DomainError(_("Only the author can submit an idea."), code="not_author")
    return idea_transition(idea, IdeaState.SUBMITTED, actor=actor)


def idea_hide(idea: Idea, *, actor, reason: str) -> Idea:
    """Hide abusive content from everyone but its author and staff. The text is kept as it
    was written; the reason is recorded and told to the author."""
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Say why the idea is hidden."), code="reason_required")
    if idea.hidden_at is not None:
        return idea
    idea.hidden_at, idea.hidden_by, idea.hidden_reason = timezone.now(), actor, reason
    with transaction.atomic():
        idea.save(update_fields=["hidden_at", "hidden_by", "hidden_reason"])
        audit_record(actor=actor, verb="idea.hidden", target=idea, data={"reason": reason})
        notify([idea.author], "idea_hidden", params={"idea": idea.title, "reason": reason},
               url=idea_url(idea))
    return idea


def idea_unhide(idea: Idea, *, actor) -> Idea:
    if idea.hidden_at is None:
        return idea
    with transaction.atomic():
        idea.hidden_at, idea.hidden_by, idea.hidden_reason = None, None, ""
        idea.save(update_fields=["hidden_at", "hidden_by", "hidden_reason"])
        audit_record(actor=actor, verb="idea.unhidden", target=idea)
    return idea


def comment_create(idea: Idea, *, author, body: str) -> Comment:
    body = (body or "").strip()
    if not body:
        raise DomainError(_("Write a comment first."), code="body_required")
    if len(body) > 5000:
        raise DomainError(_("A comment can be at most 5,000 characters long."), code="too_long")
    with transaction.atomic():
        comment = Comment.objects.create(idea=idea, author=author, body=body)
        Idea.objects.filter(pk=idea.pk).update(comment_count=F("comment_count") + 1)
        if idea.author_id != author.pk:
            notify([idea.author], "idea_commented",
                   params={"idea": idea.title, "commenter": author.display_name, "text": body[:500]},
                   url=idea_url(idea))
    return comment


def support_add(idea: Idea, *, user) -> bool:
    """Support an idea once. A second call changes nothing (the unique constraint decides,
    so two simultaneous clicks cannot count twice). Returns whether a support was added.

    Vote integrity (evaluation.integrity): the program's thresholds may refuse the vote
    (DomainError), and a burst from new accounts holds it for a person to look at; only
    counted supports are in ``support_count``."""
    from cocreate.evaluation.integrity import vote_gate, vote_status
    from cocreate.evaluation.models import VoteFlag

    from .enums import VoteStatus

    if Support.objects.filter(idea=idea, user=user).exists():
        return False
    vote_gate(user, idea.program)
    try:
        with transaction.atomic():
            status, flag = vote_status(user, program=idea.program, idea=idea, kind=VoteFlag.Kind.SUPPORT)
            Support.objects.create(idea=idea, user=user, status=status, flag=flag)
            if status == VoteStatus.COUNTED:
                Idea.objects.filter(pk=idea.pk).update(support_count=F("support_count") + 1)
    except IntegrityError:
        return False
    return True


def support_withdraw(idea: Idea, *, user) -> bool:
    """Withdraw one's support, counted or held; a counted one leaves ``support_count``."""
    from .enums import VoteStatus

    with transaction.atomic():
        support = Support.objects.select_for_update().filter(idea=idea, user=user).first()
        if support is None:
            return False
        support.delete()
        if support.status == VoteStatus.COUNTED:
            Idea.objects.filter(pk=idea.pk).update(support_count=F("support_count") - 1)
    return True


def purchase_intent_set(idea: Idea, *, user, value: int):
    """State how likely one would buy what the idea proposes (1–5); a repeat updates the
    person's one answer. Callers check ``ideas.state_purchase_intent``."""
    from .models import PurchaseIntent

    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 5:
        raise DomainError(_("Choose a number from 1 (surely not) to 5 (surely)."), code="out_of_range")
    if idea.author_id == getattr(user, "pk", None):
        raise DomainError(_("You cannot rate your own idea."), code="own_idea")
    with transaction.atomic():
        intent, created = PurchaseIntent.objects.update_or_create(idea=idea, user=user, defaults={"value": value})
        audit_record(actor=user, verb="idea.purchase_intent", target=idea,
                     data={"value": value, "created": created})
    return intent
