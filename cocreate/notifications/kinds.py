"""What each notification says, in the reader's language.

A kind is data: a subject and a body with named parameters, rendered under the recipient's
language when shown or mailed. Adding a kind never touches the sending code."""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Kind:
    subject: Promise
    body: Promise


KINDS: dict[str, Kind] = {
    "application_received": Kind(
        _("We received your application to “%(recruitment)s”"),
        _("Thank you for applying to “%(recruitment)s”. We will tell you when the selection is made."),
    ),
    "application_selected": Kind(
        _("You are a partner of “%(program)s”"),
        _("You were chosen as a partner of “%(program)s”. Please read and accept the program "
          "agreement to see its missions."),
    ),
    "application_advanced": Kind(
        _("Good news about your application to “%(recruitment)s”"),
        _("Thank you for applying to “%(recruitment)s”. Your application passed “%(round)s” and moves on to "
          "the next step of the selection. We will be in touch soon."),
    ),
    "application_waitlisted": Kind(
        _("About your application to “%(recruitment)s”"),
        _("Thank you for applying to “%(recruitment)s”. After “%(round)s” your application is on our waiting "
          "list: we cannot offer you a place yet, and we will tell you as soon as one opens."),
    ),
    "application_declined": Kind(
        _("About your application to “%(recruitment)s”"),
        _("Thank you for the time you gave to applying to “%(recruitment)s”. This time we could not "
          "include you in the cohort. Your profile stays in our pool and we hope to work with you later."),
    ),
    "agreement_published": Kind(
        _("Version %(version)s of the agreement of “%(program)s” is published"),
        _("The program agreement of “%(program)s” changed (version %(version)s). Please read it and accept "
          "it to keep working on the program's confidential missions."),
    ),
    "idea_state_changed": Kind(
        _("Your idea “%(idea)s” is now: %(state)s"),
        _("Your idea “%(idea)s” moved to “%(state)s”."),
    ),
    "idea_decided": Kind(
        _("Decision on your idea “%(idea)s”: %(decision)s"),
        _("The executive board decided “%(decision)s” on your idea “%(idea)s”.\n\nReason: %(reason)s\n\n"
          "You can read the evaluation breakdown under My ideas."),
    ),
    "idea_forwarded": Kind(
        _("An idea was forwarded to %(department)s: “%(idea)s”"),
        _("The executive board accepted “%(idea)s” and forwarded it to %(department)s. Please plan its "
          "implementation and post progress updates for its author."),
    ),
    # H6 (realization.forwarding, realization.board): hand-offs to departments and the daily overdue report.
    "forwarding_assigned": Kind(
        _("Forwarded to %(department)s: %(ideas)s"),
        _("The executive board forwarded %(ideas)s to %(department)s, with you among those responsible. "
          "Please acknowledge receipt by %(deadline)s. Note: %(note)s"),
    ),
    "forwarding_acknowledged": Kind(
        _("%(department)s received “%(idea)s”"),
        _("Good news: %(department)s acknowledged receipt of your idea “%(idea)s” and is taking it forward."),
    ),
    "board_overdue": Kind(
        _("%(count)s ideas are waiting for a first look"),
        _("In %(organization)s, %(count)s submitted ideas have waited more than %(days)s days without anyone "
          "on the executive board looking at them. The oldest was submitted on %(oldest_date_iso)s."),
    ),
    # Judging (evaluation.services): a judge was asked to score ideas.
    "judge_assigned": Kind(
        _("Ideas to score in “%(program)s”"),
        _("You were asked to score %(count)s idea(s) in “%(program)s” (due: %(deadline)s). Thank you for giving "
          "each of them a fair reading; your queue lists them with their due dates."),
    ),
    # Decisions, fair rejection and revival (realization.services, .fairness, .revival).
    "idea_accepted": Kind(
        _("Good news about your idea “%(idea)s”"),
        _("Thank you for “%(idea)s”. The executive board accepted it and forwarded it to %(department)s, "
          "who will plan its implementation. You can follow its progress on the idea's page.\n\n%(reason)s"),
    ),
    "idea_parked": Kind(
        _("Your idea “%(idea)s” is kept for later"),
        _("Thank you for “%(idea)s”. The executive board cannot take it forward right now and has kept it "
          "to look at again.\n\nWhen: %(revisit_on)s\nOn this condition: %(condition)s\n\n%(reason)s\n\n"
          "Nothing is lost: we will come back to it."),
    ),
    "idea_rejected": Kind(
        _("About your idea “%(idea)s”"),
        _("Thank you for the time and thought you gave to “%(idea)s”. After careful review, the executive "
          "board decided not to take it forward this time.\n\nWhy:\n%(reasons)s\n\n%(reason)s\n\n"
          "The idea's page shows the criteria concerned and the full evaluation. If you would like to hear "
          "the reasons in person, you can ask for a one-to-one explanation; and if you believe the decision "
          "should change, you can appeal once, until %(deadline)s. Your idea stays in our archive, where "
          "it can be revived."),
    ),
    "idea_revived": Kind(
        _("Your idea “%(idea)s” is back in “%(mission)s”"),
        _("Good news: your idea “%(idea)s” was brought back for “%(mission)s” of %(program)s. You are "
          "credited with it, as before."),
    ),
    "revisit_due": Kind(
        _("Time to look again at “%(idea)s”"),
        _("The idea “%(idea)s” was parked to be looked at again on %(revisit_on)s.\n\nCondition: "
          "%(condition)s\n\nReason given: %(reason)s"),
    ),
    "explanation_requested": Kind(
        _("%(person)s asks for an explanation of the decision on “%(idea)s”"),
        _("%(person)s would like the decision on “%(idea)s” explained one to one. Please assign an expert "
          "of the department concerned.\n\n%(message)s"),
    ),
    "explanation_assigned": Kind(
        _("Please explain the decision on “%(idea)s”"),
        _("You were asked to explain the decision on “%(idea)s” to its author, one to one. Please propose a "
          "few times to meet (in person or by video)."),
    ),
    "explanation_expert": Kind(
        _("%(person)s will explain the decision on “%(idea)s”"),
        _("Thank you for asking. %(person)s will explain the decision on “%(idea)s” to you and will propose "
          "times to meet."),
    ),
    "explanation_proposed": Kind(
        _("Choose a time to talk about “%(idea)s”"),
        _("%(person)s proposed times to explain the decision on “%(idea)s”. Please choose the one that suits "
          "you."),
    ),
    "explanation_scheduled": Kind(
        _("Meeting confirmed about “%(idea)s”: %(when)s"),
        _("%(person)s confirmed the meeting about “%(idea)s” on %(when)s (%(place)s)."),
    ),
    "explanation_done": Kind(
        _("Summary of your conversation about “%(idea)s”"),
        _("Thank you for taking the time to talk with %(person)s about “%(idea)s”. What was explained and "
          "agreed:\n\n%(outcome)s"),
    ),
    "explanation_cancelled": Kind(
        _("The explanation about “%(idea)s” is no longer needed"),
        _("%(person)s cancelled the request for an explanation of the decision on “%(idea)s”."),
    ),
    "appeal_received": Kind(
        _("We received your appeal about “%(idea)s”"),
        _("Thank you. Your appeal about “%(idea)s” will be reviewed by an executive who did not take the "
          "first decision. We will tell you the result and explain it."),
    ),
    "appeal_assigned": Kind(
        _("Please review the appeal about “%(idea)s”"),
        _("%(person)s appealed the rejection of “%(idea)s”. You review it because you did not take the first "
          "decision. Please uphold or overturn it and explain why; the result is final."),
    ),
    "appeal_unassigned": Kind(
        _("The appeal about “%(idea)s” needs a reviewer"),
        _("%(person)s appealed the rejection of “%(idea)s”, but no executive other than the one who decided "
          "can review it. Please give a second person the executive role and assign the appeal."),
    ),
    "appeal_upheld": Kind(
        _("The result of your appeal about “%(idea)s”"),
        _("Thank you for your patience. An executive who did not take the first decision reviewed your appeal "
          "about “%(idea)s” and kept the decision. This result is final. The explanation:\n\n%(explanation)s"
          "\n\nYour idea stays in our archive, where it can be revived."),
    ),
    "appeal_overturned": Kind(
        _("Your appeal about “%(idea)s” succeeded"),
        _("An executive who did not take the first decision reviewed your appeal about “%(idea)s” and changed "
          "the decision to “%(decision)s”. The explanation:\n\n%(explanation)s"),
    ),
    "idea_hidden": Kind(
        _("Your idea “%(idea)s” was hidden"),
        _("A moderator hid your idea “%(idea)s”. Reason: %(reason)s"),
    ),
    "outcome_progress": Kind(
        _("Progress on your idea “%(idea)s”: %(progress)s%%"),
        _("%(department)s posted an update on “%(idea)s” (%(progress)s%% done):\n\n%(text)s"),
    ),
    "idea_commented": Kind(
        _("New comment on your idea “%(idea)s”"),
        _("%(commenter)s commented on “%(idea)s”:\n\n%(text)s"),
    ),
    # Optimal, diverse selection (recruiting.cohorts): invitations with a deadline.
    "selection_invited": Kind(
        _("You are invited to join “%(program)s”"),
        _("You were chosen for “%(recruitment)s”. Please confirm or decline your place in “%(program)s” by "
          "%(deadline)s under My applications; after that the place goes to the next person on the waiting list."),
    ),
    "selection_invitation_expired": Kind(
        _("Your invitation from “%(recruitment)s” has expired"),
        _("We did not hear from you in time, so your place from “%(recruitment)s” went to the next person on "
          "the waiting list. Thank you for applying; we hope to work with you later."),
    ),
    "selection_refill_failed": Kind(
        _("“%(recruitment)s”: %(open)s open seats cannot be refilled within the quotas"),
        _("People declined or did not confirm in time, and no one on the waiting list of “%(recruitment)s” can "
          "take the %(open)s open seats while keeping the quotas. Please review the selection."),
    ),
    # Sub-missions and teams (missions.participation, missions.teams).
    "sub_mission_assigned": Kind(
        _("Your sub-mission in “%(mission)s”: %(sub_mission)s"),
        _("The sub-missions of “%(mission)s” were assigned from everyone's preferences. You will work on "
          "“%(sub_mission)s”. While the mission is open you can still switch to a sub-mission with free seats."),
    ),
    "team_invited": Kind(
        _("%(person)s invites you to the team “%(team)s”"),
        _("%(person)s invites you to join the team “%(team)s” for the mission “%(mission)s”. Everyone in the team "
          "is credited for its submissions. Open the team's page to accept or decline."),
    ),
    "team_submitted": Kind(
        _("%(person)s submitted “%(idea)s” for your team “%(team)s”"),
        _("%(person)s submitted “%(idea)s” to the mission “%(mission)s” on behalf of your team “%(team)s”. "
          "It is credited to every member, you included."),
    ),
    "team_joined": Kind(
        _("%(person)s joined your team “%(team)s”"),
        _("%(person)s accepted the invitation and joined your team “%(team)s” for the mission “%(mission)s”."),
    ),
    "team_left": Kind(
        _("%(person)s left your team “%(team)s”"),
        _("%(person)s left your team “%(team)s” for the mission “%(mission)s”. Earlier submissions still credit "
          "them."),
    ),
    # The participant's workspace (missions.reminders) and agreement versions (programs.services).
    "mission_due": Kind(
        _("Due soon in “%(mission)s”: %(deliverable)s"),
        _("“%(deliverable)s” of the mission “%(mission)s” is due %(due)s and you have not submitted it yet. "
          "Your drafts and deadlines are under My missions."),
    ),
    "agreement_updated": Kind(
        _("The agreement of “%(program)s” was updated (version %(version)s)"),
        _("Version %(version)s of the program agreement of “%(program)s” corrects details without changing "
          "what you agreed to. Your acceptance carries over; no action is needed."),
    ),
    # The standing pool (cocreate/pool).
    "pool_joined": Kind(
        _("You joined the co-creation pool of %(organization)s"),
        _("%(organization)s added you to its standing pool of creative consumers. You may be invited to "
          "new programs without applying again. If you want a break from invitations, set yourself to "
          "resting under My pool."),
    ),
    "pool_invited": Kind(
        _("%(organization)s invites you to “%(program)s”"),
        _("As a member of its co-creation pool, %(organization)s invites you to join “%(program)s”. "
          "Please answer by %(deadline)s under My pool.\n\n%(message)s"),
    ),
    "pool_invitation_accepted": Kind(
        _("%(person)s accepted the invitation to “%(program)s”"),
        _("%(person)s accepted your invitation and is now a partner of “%(program)s”."),
    ),
    "pool_invitation_declined": Kind(
        _("%(person)s declined the invitation to “%(program)s”"),
        _("%(person)s declined your invitation to “%(program)s”."),
    ),
    # Vote integrity (evaluation.integrity): once per flag, to the people who review held votes.
    "votes_flagged": Kind(
        _("Votes on “%(idea)s” are waiting for a check"),
        _("We held some votes on “%(idea)s” for a person to look at: %(reason)s. They are not counted until "
          "someone counts or excludes them on the held-votes page. The voters were not told anything is wrong."),
    ),
}


def _localise(params: dict) -> dict:
    """Enum values travel as values and are labelled in the reader's language here, not in
    the language of whoever caused the notification."""
    from cocreate.ideas.enums import IdeaState
    from cocreate.realization.enums import DecisionKind

    params = dict(params)
    if "state_value" in params:
        params["state"] = str(IdeaState(params["state_value"]).label)
    if "decision_value" in params:
        params["decision"] = str(DecisionKind(params["decision_value"]).label)
    if "reasons_en" in params or "reasons_ko" in params:
        from django.utils.translation import get_language

        korean = (get_language() or "ko")[:2] == "ko"
        params["reasons"] = (params.get("reasons_ko") if korean else params.get("reasons_en")) or "—"
    if "revisit_date_iso" in params:
        from django.utils import formats
        from django.utils.dateparse import parse_date

        params["revisit_on"] = formats.date_format(parse_date(params["revisit_date_iso"]), "DATE_FORMAT")
    if "when_iso" in params:
        from django.utils import formats, timezone
        from django.utils.dateparse import parse_datetime

        params["when"] = formats.date_format(timezone.localtime(parse_datetime(params["when_iso"])),
                                             "DATETIME_FORMAT")
    if "deadline_iso" in params:
        from django.utils import formats, timezone
        from django.utils.dateparse import parse_datetime

        params["deadline"] = formats.date_format(timezone.localtime(parse_datetime(params["deadline_iso"])),
                                                 "DATETIME_FORMAT")
    if "deadline_date_iso" in params:
        from django.utils import formats
        from django.utils.dateparse import parse_date

        params["deadline"] = formats.date_format(parse_date(params["deadline_date_iso"]), "DATE_FORMAT")
    return params


def render(kind: str, params: dict) -> tuple[str, str]:
    """Subject and body under the active language. Unknown kinds still render something
    legible instead of failing a page."""
    spec = KINDS.get(kind)
    if spec is None:
        return kind, ""
    params = _localise(params)
    return str(spec.subject) % params, str(spec.body) % params
