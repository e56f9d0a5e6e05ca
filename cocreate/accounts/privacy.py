"""A person's rights over their data (PIPA art. 35-36, GDPR art. 15, 17 and 20): download
everything Cocreate stores about them, and delete their account.

**What is "about them"** is written down as data: ``PARTS`` names, for every relation of every
model to ``accounts.User``, the file of the export it goes into and which columns; ``EXCLUDED``
names the relations left out, each with its reason. tests/accounts/test_privacy.py walks
``apps.get_models()`` and fails when a model's relation to a person is in neither, so a new
model cannot be forgotten. Rows are serialised column by column (ids for references), never
with other people's names; secrets (the password hash, token digests) are never exported.

**The export** is built synchronously into a spooled temporary file and streamed: a person's
records are at most a few thousand rows plus the attachments they uploaded (at most 10 MB
each), built in well under a second; a background job would need a place to keep the file, a
link that expires and a notification, each another way for the file to reach the wrong
person. Every export is audited (``account.data_exported``).

**Deleting an account** keeps a nameless tombstone of the ``User`` row instead of deleting
it: the append-only audit log references its actor with PROTECT (a database trigger refuses
to change a line), and judges' scores, executives' decisions, reviews and team credits are
other people's records too. The tombstone has no name, no profile, an address in a domain that
never delivers, no usable password, and is inactive, so it shows as "a former member"
everywhere (``User.display_name``) and can never sign in; changing the password hash ends
every session (Django checks it on each request) and the API tokens are deleted. What goes:
the profile, e-mail addresses, memberships, API tokens and stored API answers, notifications,
reminders, drafts, pending team invitations; applications are withdrawn when undecided and
then anonymised by recruiting's own service; the pool membership is marked removed (pending
invitations withdrawn) and its managers' note erased. What stays attributed to "a former
member": submitted ideas (or, where the organization's ``on_member_deletion`` says
``delete_ideas``, the person's own ideas are deleted with what hangs on them, team ideas
excepted), comments, supports and votes (results stay as published), scores, reviews,
decisions, forwardings, agreement acceptances (the consent behind the ideas that stay) and the
incentive ledger. The audit log keeps ``account.deleted`` in every organization concerned."""

from __future__ import annotations

import csv
import io
import json
import secrets
import tempfile
import zipfile
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.apps import apps
from django.db import models, transaction
from django.db.models import Q
from django.db.models.fields.files import FieldFile
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_scopes import scopes_disabled

from cocreate.core.models import AuditEvent
from cocreate.core.services import audit_record

from .models import DELETED_EMAIL_DOMAIN, User

FORMAT = "cocreate-personal-data"
FORMAT_VERSION = 1
# Never exported: the password hash, and token digests (a digest lets no one in, but it is a secret's
# fingerprint and nothing a person needs).
SECRET_FIELDS = {"accounts.User": {"password"}, "accounts.ApiToken": {"digest"}}


@dataclass(frozen=True)
class Part:
    """Rows of ``model`` whose ``field`` is the person go into ``name``.csv (all columns but
    secrets, or only ``columns`` where the row is mostly someone else's)."""

    name: str
    model: str
    field: str
    columns: tuple[str, ...] | None = None


PARTS: tuple[Part, ...] = (
    Part("email_addresses", "account.EmailAddress", "user"),
    Part("api_tokens", "accounts.ApiToken", "user"),
    Part("memberships", "organizations.Membership", "user"),
    Part("cohort_memberships", "programs.Partner", "user"),
    Part("agreement_acceptances", "programs.AgreementAcceptance", "user"),
    Part("applications", "recruiting.Application", "applicant"),
    Part("reviewer_assignments", "recruiting.ReviewerAssignment", "reviewer"),
    Part("reviews_given", "recruiting.Review", "reviewer"),
    Part("round_results_decided", "recruiting.RoundResult", "decided_by"),
    Part("selections_run", "recruiting.Selection", "created_by", ("id", "recruitment_id", "created_at")),
    Part("selections_accepted", "recruiting.Selection", "accepted_by", ("id", "recruitment_id", "accepted_at")),
    Part(
        "imports_uploaded",
        "recruiting.ImportJob",
        "created_by",
        ("id", "recruitment_id", "original_name", "source", "status", "created_at"),
    ),
    Part("mission_participations", "missions.Participation", "user"),
    Part("teams_created", "missions.Team", "created_by"),
    Part("team_memberships", "missions.TeamMember", "user"),
    Part("team_invitations_sent", "missions.TeamMember", "invited_by", ("id", "team_id", "invited_at")),
    Part("reminders", "missions.Reminder", "user"),
    Part("ideas", "ideas.Idea", "author"),
    Part("ideas_hidden", "ideas.Idea", "hidden_by", ("id", "hidden_at", "hidden_reason")),
    Part("ideas_first_seen", "ideas.Idea", "first_seen_by", ("id", "first_seen_at")),
    Part("comments", "ideas.Comment", "author"),
    Part("supports", "ideas.Support", "user"),
    Part("credits", "ideas.Credit", "user"),
    Part("attachments", "ideas.Attachment", "uploaded_by"),
    Part("purchase_intents", "ideas.PurchaseIntent", "user"),
    Part("scores", "evaluation.Score", "judge"),
    Part("judge_assignments", "evaluation.JudgeAssignment", "judge"),
    Part("judge_assignments_made", "evaluation.JudgeAssignment", "assigned_by", ("id", "idea_id", "created_at")),
    Part("judge_conflicts", "evaluation.JudgeConflict", "judge"),
    Part(
        "vote_flags_resolved",
        "evaluation.VoteFlag",
        "resolved_by",
        ("id", "idea_id", "resolution", "resolved_at", "note"),
    ),
    Part("ratings", "evaluation.CrowdRating", "user"),
    Part("pairwise_answers", "evaluation.PairwiseVote", "voter"),
    Part("decisions", "realization.Decision", "decided_by"),
    Part(
        "decisions_to_revisit",
        "realization.Decision",
        "revisit_owner",
        ("id", "idea_id", "revisit_on", "revisit_condition"),
    ),
    Part("forwardings_owned", "realization.Forwarding", "owner"),
    Part("forwardings_made", "realization.Forwarding", "created_by"),
    Part("forwardings_acknowledged", "realization.Forwarding", "acknowledged_by", ("id", "idea_id", "acknowledged_at")),
    Part("explanation_requests", "realization.ExplanationRequest", "requested_by"),
    Part(
        "explanations_given",
        "realization.ExplanationRequest",
        "expert",
        ("id", "idea_id", "status", "scheduled_at", "meeting_place", "outcome", "completed_at"),
    ),
    Part("appeals", "realization.Appeal", "appellant"),
    Part(
        "appeals_reviewed", "realization.Appeal", "reviewer", ("id", "idea_id", "status", "explanation", "decided_at")
    ),
    Part("concepts_created", "realization.Concept", "created_by"),
    Part(
        "clustering_runs",
        "realization.ClusteringRun",
        "created_by",
        ("id", "organization_id", "status", "created_at", "finished_at"),
    ),
    Part("duplicate_groups", "realization.DuplicateGroup", "created_by"),
    Part("outcome_updates", "retention.OutcomeUpdate", "author"),
    Part("pool_memberships", "pool.PoolMember", "user"),
    Part("pool_invitations_sent", "pool.PoolInvitation", "invited_by", ("id", "program_id", "invited_at")),
    Part("incentives_granted", "incentives.Grant", "user"),
    Part("grants_made", "incentives.Grant", "granted_by", ("id", "incentive_id", "granted_at")),
    Part("grants_delivered", "incentives.Grant", "delivered_by", ("id", "incentive_id", "delivered_at")),
    Part(
        "grants_cancelled", "incentives.Grant", "cancelled_by", ("id", "incentive_id", "cancelled_at", "cancel_reason")
    ),
    Part("notifications", "notifications.Notification", "user"),
)

# Relations to a person that are not exported, and why. Everything else must be in PARTS.
EXCLUDED: dict[tuple[str, str], str] = {
    ("core.AuditEvent", "actor"): "exported by audit_events(), which also takes the events about the person",
    ("accounts.User_groups", "user"): "Django's groups are not used: roles are memberships",
    ("accounts.User_user_permissions", "user"): "Django's permissions are not used: roles are memberships",
    ("accounts.IdempotencyKey", "user"): "a stored API answer replayed to a retry for 24 hours; a copy of data "
    "exported elsewhere (deleted with the account)",
    ("evaluation.JudgeConflict", "person"): "a judge's declared conflict of interest is the judge's record; "
    "showing it would name the judge",
}


# Rows deleted with the account: they are only the person's, and nobody else's record needs them.
ERASED_WITH_ACCOUNT: tuple[tuple[str, str], ...] = (
    ("organizations.Membership", "user"),
    ("accounts.ApiToken", "user"),
    ("accounts.IdempotencyKey", "user"),
    ("account.EmailAddress", "user"),
    ("notifications.Notification", "user"),
    ("missions.Reminder", "user"),
)


def _rows(model, queryset, columns: tuple[str, ...] | None) -> list[dict[str, Any]]:
    secret = SECRET_FIELDS.get(model._meta.label, set())
    fields = [f for f in model._meta.concrete_fields if f.name not in secret and not isinstance(f, models.BinaryField)]
    names = columns or tuple(f.attname for f in fields)
    return [dict(zip(names, row, strict=True)) for row in queryset.order_by("pk").values_list(*names)]


def _part_rows(user: User, part: Part) -> list[dict[str, Any]]:
    model = apps.get_model(part.model)
    return _rows(model, model._default_manager.filter(**{part.field: user}), part.columns)


def audit_events(user: User) -> list[dict[str, Any]]:
    """The audit lines by the person, about their account, or about their applications and
    pool memberships (managers' reads of their personal data). Other people appear only as
    "not you", never by name or id."""
    from cocreate.pool.models import PoolMember
    from cocreate.recruiting.models import Application

    about = (
        Q(target_type="accounts.user", target_id=user.pk)
        | Q(target_type="recruiting.application", target_id__in=Application.objects.filter(applicant=user).values("pk"))
        | Q(target_type="pool.poolmember", target_id__in=PoolMember.objects.filter(user=user).values("pk"))
    )
    events = AuditEvent.objects.filter(Q(actor=user) | about).order_by("at", "id")
    return [
        {
            "id": e.id,
            "at": e.at,
            "by_you": e.actor_id == user.pk,
            "organization_id": e.organization_id,
            "verb": e.verb,
            "target_type": e.target_type,
            "target_id": e.target_id,
            "data": e.data,
        }
        for e in events
    ]


def _profile(user: User) -> list[dict[str, Any]]:
    return _rows(User, User.objects.filter(pk=user.pk), None)


def _answers(user: User) -> list[dict[str, Any]]:
    from cocreate.recruiting.models import Answer

    return [
        {
            "id": a.pk,
            "application_id": a.application_id,
            "question_id": a.question_id,
            "question": a.question.text,
            "answer": a.text,
        }
        for a in Answer.objects.filter(application__applicant=user)
        .select_related("question")
        .order_by("application_id", "question__order", "question_id")
    ]


def _pool_invitations(user: User) -> list[dict[str, Any]]:
    from cocreate.pool.models import PoolInvitation

    return _rows(
        PoolInvitation,
        PoolInvitation.objects.filter(member__user=user),
        ("id", "member_id", "program_id", "message", "status", "invited_at", "deadline", "responded_at"),
    )


def section_names() -> list[str]:
    return ["profile", *(p.name for p in PARTS), "application_answers", "pool_invitations", "audit_events"]


def personal_data(user: User) -> dict[str, list[dict[str, Any]]]:
    """Everything Cocreate stores about ``user``, as named lists of rows (across every
    organization: the filter is the person)."""
    with scopes_disabled():
        sections = {"profile": _profile(user)}
        for part in PARTS:
            sections[part.name] = _part_rows(user, part)
        sections["application_answers"] = _answers(user)
        sections["pool_invitations"] = _pool_invitations(user)
        sections["audit_events"] = audit_events(user)
    return sections


# The ZIP ---------------------------------------------------------------------------------------


def _json_default(value):
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, FieldFile):
        return value.name
    raise TypeError(type(value).__name__)


def _cell(value) -> str:
    """One CSV cell; people's text is never read as a formula by a spreadsheet."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict | list):
        text = json.dumps(value, ensure_ascii=False, default=_json_default, sort_keys=True)
    elif isinstance(value, datetime | date):
        text = value.isoformat()
    else:
        text = str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _csv(rows: list[dict[str, Any]], columns: list[str]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_cell(row[c]) for c in columns])
    # A BOM so that spreadsheet programs read Korean text as UTF-8.
    return ("\ufeff" + out.getvalue()).encode()


def _columns(name: str, rows: list[dict[str, Any]]) -> list[str]:
    if rows:
        return list(rows[0])
    part = next((p for p in PARTS if p.name == name), None)
    if part is None:
        return []
    model = apps.get_model(part.model)
    secret = SECRET_FIELDS.get(model._meta.label, set())
    return list(
        part.columns
        or [
            f.attname
            for f in model._meta.concrete_fields
            if f.name not in secret and not isinstance(f, models.BinaryField)
        ]
    )


def _readme(user: User, generated_at: datetime, names: list[str]) -> str:
    with translation.override(user.language or None):
        return (
            "\n\n".join(
                [
                    _("Your data from Cocreate"),
                    _("Made on %(time)s for the account %(email)s.")
                    % {"time": generated_at.isoformat(timespec="seconds"), "email": user.email},
                    _(
                        "data.json holds everything in one file; each CSV file holds one kind of record (a spreadsheet "
                        "opens them); files/ holds the files you attached to your ideas. References to other records "
                        "are their numbers (ids); other people are never named."
                    ),
                    "\n".join(f"{n}.csv" for n in names),
                ]
            )
            + "\n"
        )


def export_zip(user: User, *, via: str) -> tuple[tempfile.SpooledTemporaryFile, str]:
    """Build the ZIP of everything about ``user`` and audit it (``via``: "page" or "api").
    Returns the file (at its start) and its download name."""
    from cocreate.ideas.models import Attachment

    generated_at = timezone.now()
    sections = personal_data(user)
    counts = {name: len(rows) for name, rows in sections.items()}
    spool = tempfile.SpooledTemporaryFile(max_size=16 * 1024 * 1024)  # noqa: SIM115 (returned to be streamed)
    with zipfile.ZipFile(spool, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("README.txt", _readme(user, generated_at, list(sections)))
        archive.writestr(
            "data.json",
            json.dumps(
                {
                    "format": FORMAT,
                    "format_version": FORMAT_VERSION,
                    "generated_at": generated_at,
                    "user_id": user.pk,
                    "sections": sections,
                },
                ensure_ascii=False,
                indent=2,
                default=_json_default,
            ),
        )
        for name, rows in sections.items():
            archive.writestr(f"{name}.csv", _csv(rows, _columns(name, rows)))
        with scopes_disabled():
            for attachment in Attachment.objects.filter(uploaded_by=user).order_by("pk"):
                with (
                    attachment.file.open("rb") as handle,
                    archive.open(f"files/attachments/{attachment.pk}-{_safe(attachment.name)}", "w") as out,
                ):
                    while chunk := handle.read(1024 * 1024):
                        out.write(chunk)
    spool.seek(0)
    with transaction.atomic():
        audit_record(
            actor=user,
            verb="account.data_exported",
            target=user,
            organization=None,
            data={"via": via, "rows": sum(counts.values())},
        )
    return spool, f"cocreate-data-{user.pk}-{generated_at:%Y%m%d}.zip"


def _safe(name: str) -> str:
    """A file name kept inside its folder of the ZIP, whatever the uploader called it."""
    cleaned = "".join(c if c.isalnum() or c in "._-" else "_" for c in name).lstrip(".")
    return cleaned[:100] or "file"


# Deletion --------------------------------------------------------------------------------------


def _delete_ideas(ideas) -> int:
    """Delete ideas and the files of their attachments (a cascade leaves files behind)."""
    from cocreate.ideas.models import Attachment

    ideas = list(ideas)
    names = list(Attachment.objects.filter(idea__in=ideas).values_list("file", flat=True))
    for idea in ideas:
        idea.delete()
    if names:
        from django.core.files.storage import default_storage

        transaction.on_commit(lambda: [default_storage.delete(n) for n in names])
    return len(ideas)


def _ideas_to_delete(user: User):
    """The person's drafts (nobody else ever saw them) and, where the organization's policy
    says so, the rest of their own ideas. Team ideas credit others and stay; so does an idea
    that leads a group of near-duplicates (the group's other authors are credited on it)."""
    from cocreate.ideas.enums import IdeaState
    from cocreate.ideas.models import Credit, Idea
    from cocreate.organizations.enums import MemberDeletionPolicy
    from cocreate.realization.models import DuplicateGroup

    credited_to_others = Credit.objects.exclude(user=user).values("idea_id")
    policy = Q(state=IdeaState.DRAFT) | Q(organization__on_member_deletion=MemberDeletionPolicy.DELETE_IDEAS)
    return (
        Idea.objects.filter(policy, author=user, team__isnull=True)
        .exclude(pk__in=credited_to_others)
        .exclude(pk__in=DuplicateGroup.objects.values("primary_id"))
    )


@dataclass
class DeletionSummary:
    applications: int = 0
    ideas_deleted: int = 0
    ideas_kept: int = 0
    organizations: tuple[int, ...] = ()


def organizations_of(user: User) -> list:
    """The organizations that hold anything of the person (their policies decide about ideas)."""
    from cocreate.ideas.models import Idea
    from cocreate.organizations.models import Organization
    from cocreate.pool.models import PoolMember
    from cocreate.programs.models import Partner
    from cocreate.recruiting.models import Application

    with scopes_disabled():
        return list(
            Organization.objects.filter(
                Q(pk__in=user.memberships.values("organization_id"))
                | Q(pk__in=Idea.objects.filter(author=user).values("organization_id"))
                | Q(pk__in=Application.objects.filter(applicant=user).values("recruitment__program__organization_id"))
                | Q(pk__in=Partner.objects.filter(user=user).values("program__organization_id"))
                | Q(pk__in=PoolMember.objects.filter(user=user).values("organization_id"))
            ).order_by("pk")
        )


def account_delete(user: User) -> DeletionSummary:
    """Delete ``user``'s account as the module docstring describes, in one transaction.
    The caller has checked that the person asked for it (password and phrase). Running it on
    an account already deleted changes nothing."""
    from cocreate.ideas.models import Idea
    from cocreate.missions.enums import TeamMemberState
    from cocreate.missions.models import TeamMember
    from cocreate.missions.teams import team_respond
    from cocreate.pool.enums import PoolStatus
    from cocreate.pool.models import PoolMember
    from cocreate.pool.services import pool_set_note, pool_set_status
    from cocreate.recruiting.enums import ApplicationStatus
    from cocreate.recruiting.models import Application
    from cocreate.recruiting.services import application_withdraw, applications_anonymise

    summary = DeletionSummary()
    with scopes_disabled(), transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        if user.is_deleted:
            return summary
        organizations = organizations_of(user)
        summary.organizations = tuple(o.pk for o in organizations)

        applications = list(
            Application.objects.filter(applicant=user).select_related("recruitment__program").order_by("pk")
        )
        for application in applications:
            if application.status == ApplicationStatus.SUBMITTED:
                application_withdraw(application, actor=user)
        applications_anonymise([a.pk for a in applications], now=timezone.now())
        summary.applications = len(applications)

        summary.ideas_deleted = _delete_ideas(_ideas_to_delete(user).order_by("pk"))
        summary.ideas_kept = Idea.objects.filter(author=user).count()

        for invitation in TeamMember.objects.filter(user=user, state=TeamMemberState.INVITED).order_by("pk"):
            team_respond(invitation, user=user, accept=False)
        for member in PoolMember.objects.filter(user=user).order_by("pk"):
            pool_set_status(member, actor=None, status=PoolStatus.REMOVED)
            pool_set_note(member, actor=None, note="")

        for label, field in ERASED_WITH_ACCOUNT:
            try:
                model = apps.get_model(label)
            except LookupError:  # an app that is not installed
                continue
            model._default_manager.filter(**{field: user}).delete()

        user.email = f"deleted-{user.pk}-{secrets.token_hex(6)}@{DELETED_EMAIL_DOMAIN}"
        for field in ("name", "region", "interests", "expertise", "languages", "social_links", "community_roles"):
            setattr(user, field, "")
        user.birth_year, user.gender, user.follower_count = None, User._meta.get_field("gender").default, 0
        user.is_active = user.is_staff = user.is_superuser = False
        user.last_login = None
        # A new unusable hash ends every session: Django compares the hash kept in each session
        # with the account's on every request.
        user.set_unusable_password()
        user.save()

        data = {
            "applications": summary.applications,
            "ideas_deleted": summary.ideas_deleted,
            "ideas_kept": summary.ideas_kept,
        }
        audit_record(actor=user, verb="account.deleted", target=user, organization=None, data=data)
        for organization in organizations:
            audit_record(
                actor=user,
                verb="account.deleted",
                target=user,
                organization=organization,
                data={"policy": organization.on_member_deletion},
            )
    return summary
