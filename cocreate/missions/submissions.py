"""A participant's submission to a mission: one service that saves a draft or submits it, the
late policy that decides what may happen after the deadline, and the sentence that tells the
participant that policy before the deadline.

Submissions are ideas (``ideas.models.Idea`` with the mission type's ``details``): this
module validates what the mission adds and goes through ``ideas.services`` for every write,
so the idea lifecycle keeps its one transition door (``idea_transition`` asks
``submission_timing`` whether a submission may go in, and whether it is late)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cocreate.core.errors import DomainError
from cocreate.notifications.services import notify

from .enums import LatePolicy, TeamMemberState
from .models import Deliverable, Mission, Participation, TeamMember
from .types.base import local_datetime_text, mission_zone

TITLE_LIMIT = 200
BODY_LIMIT = 20000


# --- the late policy -----------------------------------------------------------------------

def submission_deadline(mission: Mission, deliverable: Deliverable | None = None) -> datetime:
    """A deliverable's own due date, or the mission's closing time."""
    return deliverable.due_at if deliverable is not None else mission.ends_at


def _when(mission: Mission, value: datetime) -> str:
    return local_datetime_text(value, mission_zone(mission))


def _clock(mission: Mission, value: datetime) -> str:
    from django.utils.formats import time_format

    return time_format(timezone.localtime(value, mission_zone(mission)), "TIME_FORMAT")


@dataclass(frozen=True)
class Timing:
    """Whether a submission may go in now, and whether it counts as late."""

    allowed: bool
    late: bool = False
    code: str = ""
    reason: str = ""


def submission_timing(mission: Mission, deliverable: Deliverable | None = None, *,
                      now: datetime | None = None) -> Timing:
    """The late policy applied at ``now``. The deadline itself is already late (a mission is
    open while ``now < ends_at``); a grace period accepts work until, not at, its end."""
    now = now or timezone.now()
    if now < mission.starts_at:
        return Timing(False, code="not_started", reason=_(
            "This mission opens on %(date)s. You can submit from then on; your text is kept as a draft.")
            % {"date": _when(mission, mission.starts_at)})
    deadline = submission_deadline(mission, deliverable)
    if now < deadline:
        return Timing(True)
    policy = mission.late_policy
    if policy == LatePolicy.MARK_LATE:
        return Timing(True, late=True)
    if policy == LatePolicy.GRACE and now < deadline + timedelta(minutes=mission.grace_minutes):
        return Timing(True)
    if policy == LatePolicy.GRACE:
        reason = _("The deadline was %(date)s and the grace period ended at %(end)s; late work can no longer "
                   "be submitted. Your text is kept as a draft.") % {
            "date": _when(mission, deadline),
            "end": _clock(mission, deadline + timedelta(minutes=mission.grace_minutes))}
    elif deliverable is not None:
        reason = _("“%(deliverable)s” was due on %(date)s; late work is refused. Your text is kept as a draft.") % {
            "deliverable": deliverable.title, "date": _when(mission, deadline)}
    else:
        reason = _("This mission closed on %(date)s; ideas can no longer be submitted to it. "
                   "Your text is kept as a draft.") % {"date": _when(mission, deadline)}
    return Timing(False, code="mission_closed", reason=reason)


def late_policy_sentence(mission: Mission, deliverable: Deliverable | None = None) -> str:
    """What the participant is told before the deadline: when it is, and what happens to
    late work ("Due 5 Dec 2026 18:00 (Asia/Seoul). After that, late work is refused.")."""
    deadline = submission_deadline(mission, deliverable)
    due = _("Due %(date)s.") % {"date": _when(mission, deadline)}
    if mission.late_policy == LatePolicy.MARK_LATE:
        after = _("After that, late work is accepted and marked late.")
    elif mission.late_policy == LatePolicy.GRACE and mission.grace_minutes:
        after = _("After that, late work is accepted until %(time)s, then refused.") % {
            "time": _clock(mission, deadline + timedelta(minutes=mission.grace_minutes))}
    else:
        after = _("After that, late work is refused.")
    return f"{due} {after}"


def may_take_part(user, mission) -> bool:
    """May join and submit, apart from timing (the late policy decides that). Uses
    ``missions.take_part`` where it is defined; otherwise a partner behind the agreement."""
    import rules

    if rules.perm_exists("missions.take_part"):
        return user.has_perm("missions.take_part", mission)
    from cocreate.programs.rules import has_accepted_agreement, is_program_partner

    return bool(is_program_partner(user, mission) and has_accepted_agreement(user, mission))


# --- saving and submitting -----------------------------------------------------------------

@dataclass
class SubmissionResult:
    idea: object
    created: bool
    state: str
    late: bool
    refused_reason: str = ""
    refused_code: str = ""

    @property
    def refused(self) -> bool:
        return bool(self.refused_reason)


def accepted_team_of(mission: Mission, user):
    """The person's accepted team for this mission, or None."""
    member = (TeamMember.objects.filter(mission=mission, user=user, state=TeamMemberState.ACCEPTED)
              .select_related("team").first())
    return member.team if member else None


def _problem(problems: list, message, code: str, field: str | None = None, **params) -> None:
    if field:
        params["field"] = field
    problems.append(DomainError(message, code=code, params=params or None))


def _check(mission, *, author, title, body, details, deliverable, team, submit, idea, files):
    """Every problem of the submission at once, or its clean parts."""
    from cocreate.ideas.attachments import attachment_problems

    problems: list[DomainError] = []
    title, body = (title or "").strip(), (body or "").replace("\r\n", "\n").strip()
    if not title:
        _problem(problems, _("Give your submission a title."), "title_required", "title")
    elif len(title) > TITLE_LIMIT:
        _problem(problems, _("The title can be at most %(limit)s characters long."), "title_too_long", "title",
                 limit=TITLE_LIMIT)
    if submit and not body:
        _problem(problems, _("Describe your submission."), "body_required", "body")
    elif len(body) > BODY_LIMIT:
        _problem(problems, _("The description can be at most %(limit)s characters long."), "body_too_long",
                 "body", limit=BODY_LIMIT)
    mtype = mission.type
    clean_details = {}
    try:
        clean_details = mtype.clean_details(mission, details or {}, draft=not submit)
    except DomainError as error:
        problems.extend(error.error_list)
    if deliverable is not None and deliverable.mission_id != mission.pk:
        _problem(problems, _("This deliverable belongs to another mission."), "wrong_deliverable", "deliverable")
    if team is not None and (team.mission_id != mission.pk or not TeamMember.objects.filter(
            team=team, user=author, state=TeamMemberState.ACCEPTED).exists()):
        _problem(problems, _("You can only submit for a team of this mission that you are a member of."),
                 "wrong_team", "team")
    if files:
        problems.extend(attachment_problems(mission, files, existing=idea.attachments.count() if idea else 0))
    if submit and not problems and mtype.attachment_required(clean_details):
        has_files = bool(files) or (idea is not None and idea.attachments.exists())
        if not has_files:
            _problem(problems, _("This submission needs an attached file."), "attachment_required", "files")
    if problems:
        raise DomainError(problems)
    return title, body, clean_details


def _credit(idea, author, team) -> None:
    from cocreate.ideas.models import Credit

    users = {author.pk}
    if team is not None:
        users |= set(TeamMember.objects.filter(team=team, state=TeamMemberState.ACCEPTED)
                     .values_list("user_id", flat=True))
    existing = set(Credit.objects.filter(idea=idea).values_list("user_id", flat=True))
    added = sorted(users - existing)
    Credit.objects.bulk_create([Credit(idea=idea, user_id=pk) for pk in added])
    # Teammates learn that work went in under their names (the author knows already).
    mates = [pk for pk in added if pk != author.pk]
    if mates:
        from cocreate.accounts.models import User
        from cocreate.ideas.services import idea_url

        notify(list(User.objects.filter(pk__in=mates)), "team_submitted",
               params={"person": author.display_name, "team": team.name, "idea": idea.title,
                       "mission": idea.mission.title}, url=idea_url(idea))


def _result(idea, *, created: bool, timing: Timing | None = None) -> SubmissionResult:
    return SubmissionResult(idea=idea, created=created, state=str(idea.state), late=idea.is_late,
                            refused_reason=timing.reason if timing and not timing.allowed else "",
                            refused_code=timing.code if timing and not timing.allowed else "")


def submission_save(mission: Mission, *, author, title: str, body: str, details: dict | None = None,
                    deliverable: Deliverable | None = None, team=None, submit: bool = False,
                    client_key: str = "", idea=None, now: datetime | None = None,
                    files=()) -> SubmissionResult:
    """Save the author's draft for ``mission`` or submit it.

    - ``client_key`` (a random token of the form or the API client) makes repeats harmless:
      the same key finds the first idea (a draft is updated, a submitted one returned as is).
    - The text is validated with the mission type's ``clean_details`` (a draft may be
      incomplete); one DomainError lists every problem.
    - After the deadline the late policy decides; a refused submission is kept as a draft
      and ``refused_reason`` says what the policy allows.
    - On submission the author and every accepted member of ``team`` are credited.
    ``files`` are uploaded files, validated (``ideas.attachments``) and stored with it.
    Callers check that the author may take part (``missions.submit_to_mission``)."""
    from cocreate.ideas import services as idea_services
    from cocreate.ideas.enums import IdeaState
    from cocreate.ideas.models import Idea

    now = now or timezone.now()
    client_key = (client_key or "").strip()[:64]
    if idea is None and client_key:
        idea = Idea.objects.filter(author=author, client_key=client_key).first()
        if idea is not None and idea.mission_id != mission.pk:
            raise DomainError(_("This form was already used for another mission. Reload the page."),
                              code="client_key_reused")
    if idea is not None:
        if idea.author_id != author.pk or idea.mission_id != mission.pk:
            raise DomainError(_("Only the author can change a submission."), code="not_author")
        if idea.state != IdeaState.DRAFT:
            return _result(idea, created=False)  # a repeat of a submission that went in
    title, body, details = _check(mission, author=author, title=title, body=body, details=details,
                                  deliverable=deliverable, team=team, submit=submit, idea=idea, files=files)
    timing = submission_timing(mission, deliverable, now=now) if submit else None
    if timing is not None and not timing.allowed:
        submit = False  # never lose the text: it stays a draft, and the reason is told
    participation = None
    if idea is None:
        from .participation import participation_join

        participation = participation_join(mission, user=author)
    else:
        participation = Participation.objects.filter(mission=mission, user=author).first()
    extra = {"details": details, "deliverable": deliverable, "team": team,
             "sub_mission_id": participation.sub_mission_id if participation else None}
    created = False
    with transaction.atomic():
        if idea is None:
            try:
                with transaction.atomic():
                    idea = idea_services.idea_create(author=author, organization=mission.program.organization,
                                                     title=title, body=body, mission=mission, partial=True,
                                                     extra={**extra, "client_key": client_key})
                created = True
            except IntegrityError:
                # Two requests with the same key at once: the other one made it first.
                idea = Idea.objects.filter(author=author, client_key=client_key).first() if client_key else None
                if idea is None:
                    raise
                if idea.state != IdeaState.DRAFT:
                    return _result(idea, created=False)
                idea_services.idea_update(idea, actor=author, title=title, body=body, partial=True, extra=extra)
        else:
            idea_services.idea_update(idea, actor=author, title=title, body=body, partial=True, extra=extra)
        if files:
            from cocreate.ideas.attachments import attachments_store

            attachments_store(idea, files, uploaded_by=author)
        if submit:
            idea = idea_services.idea_transition(idea, IdeaState.SUBMITTED, actor=author, now=now)
            _credit(idea, author, team)
    return _result(idea, created=created, timing=timing)


def submission_attach(idea, *, actor, files) -> list:
    """Add files to a draft (the API's upload); checked like the form's."""
    from cocreate.ideas.attachments import attachment_problems, attachments_store
    from cocreate.ideas.enums import IdeaState

    if idea.author_id != actor.pk:
        raise DomainError(_("Only the author can change a submission."), code="not_author")
    if idea.state != IdeaState.DRAFT:
        raise DomainError(_("A submitted idea can no longer be changed."), code="not_draft")
    problems = attachment_problems(idea.mission, files, existing=idea.attachments.count())
    if problems:
        raise DomainError(problems)
    with transaction.atomic():
        return attachments_store(idea, files, uploaded_by=actor)
