from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class RecruitmentStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("recruitment status", "Draft")
    OPEN = "open", pgettext_lazy("recruitment status", "Open")
    CLOSED = "closed", pgettext_lazy("recruitment status", "Closed")


class QuestionKind(models.TextChoices):
    SHORT = "short", _("Short text")
    LONG = "long", _("Long text")
    CHOICE = "choice", _("Choice")
    NUMBER = "number", _("Number")
    LINK = "link", _("Link")


class ApplicationStatus(models.TextChoices):
    SUBMITTED = "submitted", pgettext_lazy("application status", "Submitted")
    SELECTED = "selected", pgettext_lazy("application status", "Selected")
    DECLINED = "declined", pgettext_lazy("application status", "Declined")
    WITHDRAWN = "withdrawn", pgettext_lazy("application status", "Withdrawn")


class RoundStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("round status", "Draft")
    OPEN = "open", pgettext_lazy("round status", "Open")
    CLOSED = "closed", pgettext_lazy("round status", "Closed")


class CriterionKind(models.TextChoices):
    CAPABILITY = "capability", _("Capability")
    WILLINGNESS = "willingness", _("Willingness")


class CriterionSource(models.TextChoices):
    """Where a criterion's value comes from: scored by reviewers, or computed from the
    application so nobody has to type what the applicant already told us."""

    MANUAL = "manual", _("Scored by reviewers")
    FOLLOWERS_LOG = "followers_log", _("Followers (log scale)")
    ANSWER = "answer", _("Number given in an answer")


class RoundOutcome(models.TextChoices):
    ADVANCED = "advanced", pgettext_lazy("round outcome", "Advanced")
    WAITLISTED = "waitlisted", pgettext_lazy("round outcome", "Waitlisted")
    DECLINED = "declined", pgettext_lazy("round outcome", "Declined")


class QuotaAttribute(models.TextChoices):
    """Profile attributes a quota can bound. Each is read from the application's profile
    snapshot (or its answers), so a quota means the same thing however the applicant arrived."""

    AGE_BAND = "age_band", _("Age band")
    GENDER = "gender", _("Gender")
    REGION = "region", _("Region")
    INTEREST = "interest", _("Interest")
    LANGUAGE = "language", _("Language spoken")
    OPINION_LEADER = "opinion_leader", _("Opinion leader")
    SOURCE = "source", _("Source community")
    ANSWER = "answer", _("Answer to a choice question")


class SelectionStatus(models.TextChoices):
    PROPOSED = "proposed", pgettext_lazy("selection status", "Proposed")
    ACCEPTED = "accepted", pgettext_lazy("selection status", "Accepted")
    SUPERSEDED = "superseded", pgettext_lazy("selection status", "Superseded")


class EntryRole(models.TextChoices):
    CHOSEN = "chosen", pgettext_lazy("selection entry", "Chosen")
    WAITLIST = "waitlist", pgettext_lazy("selection entry", "Waitlist")


class EntryStatus(models.TextChoices):
    """Where one person of a selection stands. Proposed and waiting entries have not been
    told anything; invited ones have a deadline to confirm."""

    PROPOSED = "proposed", pgettext_lazy("invitation status", "Proposed")
    WAITING = "waiting", pgettext_lazy("invitation status", "On the waitlist")
    INVITED = "invited", pgettext_lazy("invitation status", "Invited")
    CONFIRMED = "confirmed", pgettext_lazy("invitation status", "Confirmed")
    DECLINED = "declined", pgettext_lazy("invitation status", "Declined")
    EXPIRED = "expired", pgettext_lazy("invitation status", "Expired")


class ImportStatus(models.TextChoices):
    UPLOADED = "uploaded", pgettext_lazy("import status", "Uploaded")
    QUEUED = "queued", pgettext_lazy("import status", "Queued")
    RUNNING = "running", pgettext_lazy("import status", "Running")
    DONE = "done", pgettext_lazy("import status", "Done")
    FAILED = "failed", pgettext_lazy("import status", "Failed")
