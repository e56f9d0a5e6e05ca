from django import forms
from django.forms import formset_factory
from django.utils.translation import gettext_lazy as _

from cocreate.core.limits import LONG_TEXT, TEXT, TITLE

from .enums import (
    ApplicationStatus,
    CriterionKind,
    CriterionSource,
    QuestionKind,
    QuotaAttribute,
    RecruitmentStatus,
    RoundOutcome,
    RoundStatus,
)
from .models import Recruitment


def _datetime_input():
    return forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


def _model_label(name):
    return Recruitment._meta.get_field(name).verbose_name


class RecruitmentForm(forms.Form):
    """Only collects; recruiting.services.recruitment_create checks the rules."""

    title = forms.CharField(label=_("Title"), max_length=200)
    purpose = forms.CharField(label=_model_label("purpose"), max_length=LONG_TEXT,
                              help_text=Recruitment._meta.get_field("purpose").help_text,
                              widget=forms.Textarea(attrs={"rows": 4}))
    consent_text = forms.CharField(
        label=_model_label("consent_text"), widget=forms.Textarea(attrs={"rows": 4}), max_length=LONG_TEXT,
        help_text=_("Say which data you collect, what for, who sees it and when it is deleted. "
                    "Applicants must agree to this text before they apply."),
    )
    target_size = forms.IntegerField(label=_model_label("target_size"), min_value=1, max_value=10000,
                                     initial=10)
    opens_at = forms.DateTimeField(label=_model_label("opens_at"), widget=_datetime_input())
    closes_at = forms.DateTimeField(label=_model_label("closes_at"), widget=_datetime_input())
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[(s.value, s.label) for s in (RecruitmentStatus.DRAFT, RecruitmentStatus.OPEN)],
        initial=RecruitmentStatus.DRAFT,
        help_text=_("A draft is visible to managers only; an open call takes applications "
                    "during its period."),
    )


class QuestionForm(forms.Form):
    text = forms.CharField(label=_("Question"), max_length=500)
    kind = forms.ChoiceField(label=_("Kind of answer"), choices=QuestionKind.choices,
                             initial=QuestionKind.LONG)
    max_length = forms.IntegerField(label=_("Character limit"), required=False, min_value=1, max_value=10000,
                                    help_text=_("For example 140. Leave empty for no limit."))
    required = forms.BooleanField(label=_("Answer required"), required=False, initial=True)
    # At most 100 options of a title's length, one per line (the API's QuestionIn.choices).
    choices = forms.CharField(label=_("Options"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
                              max_length=100 * (TITLE + 1),
                              help_text=_("For a choice: one option per line."))
    allow_multiple = forms.BooleanField(label=_("Several options may be chosen"), required=False)
    min_value = forms.FloatField(label=_("Lowest number"), required=False,
                                 help_text=_("For a number. Leave empty for no bound."))
    max_value = forms.FloatField(label=_("Highest number"), required=False,
                                 help_text=_("For a number. Leave empty for no bound."))


QuestionFormSet = formset_factory(QuestionForm, extra=3, max_num=30, validate_max=True)


def questions_from(formset) -> list[dict]:
    return [
        {k: form.cleaned_data.get(k) for k in ("text", "kind", "max_length", "required", "choices",
                                               "allow_multiple", "min_value", "max_value")}
        for form in formset.forms if form.cleaned_data
    ]


class ApplyForm(forms.Form):
    """One field per question of the recruitment, then consent. Limits are enforced here (and
    shown to the browser as ``maxlength``) and again by the service."""

    def __init__(self, *args, recruitment, questions, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        for q in self.questions:
            self.fields[self.field_name(q)] = self._field(q)
        self.fields["consent"] = forms.BooleanField(
            label=_("I agree to the use of my personal data as described above."),
            widget=forms.CheckboxInput(attrs={"aria-describedby": "consent-text"}),
            error_messages={"required": _("Please agree to the use of your personal data to apply.")},
        )

    @staticmethod
    def _field(q) -> forms.Field:
        """The field for one question's kind. Numbers and links stay text here so that what
        was typed comes back untouched; the service says what is wrong with it."""
        errors = {"required": _("Please answer this question."),
                  "invalid_choice": _("Choose one of the options, please."),
                  "max_length": _("At most %(limit_value)d characters, please (you wrote %(show_value)d).")}
        common = {"label": q.text, "required": q.required, "error_messages": errors}
        if q.kind == QuestionKind.CHOICE:
            options = [(c, c) for c in q.choices]
            if q.allow_multiple:
                return forms.MultipleChoiceField(choices=options, widget=forms.CheckboxSelectMultiple,
                                                 help_text=_("Choose one or more."), **common)
            return forms.ChoiceField(choices=options, widget=forms.RadioSelect, **common)
        if q.kind == QuestionKind.NUMBER:
            attrs = {"step": "any", "inputmode": "decimal"}
            attrs |= {k: _number_text(v) for k, v in (("min", q.min_value), ("max", q.max_value)) if v is not None}
            help_text = ""
            if q.min_value is not None and q.max_value is not None:
                help_text = _("A number from %(min)s to %(max)s.") % {"min": attrs["min"], "max": attrs["max"]}
            elif q.min_value is not None:
                help_text = _("A number of at least %(min)s.") % {"min": attrs["min"]}
            elif q.max_value is not None:
                help_text = _("A number of at most %(max)s.") % {"max": attrs["max"]}
            return forms.CharField(widget=forms.NumberInput(attrs=attrs), help_text=help_text, max_length=100,
                                   **common)
        if q.kind == QuestionKind.LINK:
            return forms.CharField(widget=forms.URLInput(attrs={"placeholder": "https://"}), max_length=2000,
                                   help_text=_("An address starting with http:// or https://."), **common)
        short = q.kind == QuestionKind.SHORT
        widget = forms.TextInput() if short else forms.Textarea(attrs={"rows": 4})
        help_text = _("At most %(limit)s characters.") % {"limit": q.max_length} if q.max_length else ""
        # Without a limit of the question's own, the API's (AnswerIn.text).
        return forms.CharField(max_length=q.max_length or LONG_TEXT, widget=widget, help_text=help_text, **common)

    @staticmethod
    def field_name(question) -> str:
        return f"q_{question.pk}"

    def answers(self) -> dict[int, str | list[str]]:
        return {q.pk: self.cleaned_data.get(self.field_name(q), "") for q in self.questions}


def _number_text(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


class WithdrawForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("Yes, withdraw my application. I understand this cannot be undone."),
        error_messages={"required": _("Tick the box to confirm that you want to withdraw.")},
    )


class StatusForm(forms.Form):
    status = forms.ChoiceField(choices=RecruitmentStatus.choices)


class ApplicationFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), required=False,
                               choices=[("", _("Any status"))] + list(ApplicationStatus.choices))
    q = forms.CharField(label=_("Name or email"), required=False, max_length=200)
    opinion_leaders = forms.BooleanField(label=_("Opinion leaders only"), required=False)
    source = forms.ChoiceField(label=_("Source community"), required=False)

    def __init__(self, *args, sources: list[str] = (), **kwargs):
        super().__init__(*args, **kwargs)
        # "" is a real value here (the open call), so "any source" needs a value of its own.
        self.fields["source"].choices = [("*", _("Any source")), ("", _("Open call"))] + [
            (s, s) for s in sources if s]


# Screening rounds -------------------------------------------------------------------------

class RoundForm(forms.Form):
    """Only collects; recruiting.services.round_create checks the rubric."""

    name = forms.CharField(label=_("Name"), max_length=200,
                           help_text=_("For example “Written answers” or “Interviews”."))
    is_blind = forms.BooleanField(label=_("Blind review"), required=False,
                                  help_text=_("Reviewers do not see name, email, age, gender or photo."))
    opens_at = forms.DateTimeField(label=_("Opens"), required=False, widget=_datetime_input())
    closes_at = forms.DateTimeField(label=_("Closes"), required=False, widget=_datetime_input())
    status = forms.ChoiceField(
        label=_("Status"), choices=[(s.value, s.label) for s in (RoundStatus.DRAFT, RoundStatus.OPEN)],
        initial=RoundStatus.DRAFT, help_text=_("Reviewers can score only while the round is open."),
    )


class RubricCriterionForm(forms.Form):
    name = forms.CharField(label=_("Criterion"), max_length=200, required=False)
    description = forms.CharField(label=_("What reviewers look for"), required=False, max_length=TEXT,
                                  widget=forms.Textarea(attrs={"rows": 2}))
    scale_min = forms.IntegerField(label=_("Lowest score"), initial=1, min_value=-100, max_value=100)
    scale_max = forms.IntegerField(label=_("Highest score"), initial=5, min_value=-100, max_value=100)
    weight = forms.IntegerField(label=_("Weight (%)"), required=False, min_value=0, max_value=100)
    kind = forms.ChoiceField(label=_("Measures"), choices=CriterionKind.choices, initial=CriterionKind.CAPABILITY)
    source = forms.ChoiceField(label=_("Source"), choices=CriterionSource.choices, initial=CriterionSource.MANUAL)
    question = forms.TypedChoiceField(label=_("Question"), required=False, coerce=int, empty_value=None,
                                      help_text=_("Only for a number given in an answer."))

    def __init__(self, *args, questions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["question"].choices = [("", "—")] + [(q.pk, q.text) for q in questions]


RubricFormSet = formset_factory(RubricCriterionForm, extra=4, max_num=20, validate_max=True)


def criteria_from(formset) -> list[dict]:
    return [
        {k: form.cleaned_data.get(k) for k in ("name", "description", "scale_min", "scale_max", "weight", "kind",
                                               "source", "question")}
        for form in formset.forms if form.cleaned_data and (form.cleaned_data.get("name") or "").strip()
    ]


class AssignReviewerForm(forms.Form):
    reviewer = forms.TypedChoiceField(label=_("Reviewer"), coerce=int)
    applications = forms.TypedMultipleChoiceField(
        label=_("Applications"), coerce=int, required=False, widget=forms.CheckboxSelectMultiple,
        help_text=_("Leave all unticked for the reviewer to review every application of the round."),
    )

    def __init__(self, *args, candidates=(), applications=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.candidates = {u.pk: u for u in candidates}
        self.fields["reviewer"].choices = [(u.pk, f"{u.display_name} <{u.email}>") for u in candidates]
        self.fields["applications"].choices = [(a.pk, application_label(a)) for a in applications]


def application_label(application) -> str:
    """How a manager's form names an application: the applicant's name, or its number once
    the personal data is gone."""
    if application.anonymised_at:
        return _("Anonymised application %(number)s") % {"number": application.pk}
    return application.applicant_name


class DistributeForm(forms.Form):
    per_application = forms.IntegerField(
        label=_("Reviewers per application"), min_value=1, max_value=100, initial=2,
        help_text=_("Every application gets this many of the assigned reviewers, each reviewer about the same "
                    "number of applications. This replaces the applications chosen for each reviewer."),
    )


class ReviewForm(forms.Form):
    """One number per criterion that reviewers score; the first gets the focus so a reviewer
    types, tabs and presses Enter. Scales are shown to the browser and checked by the service."""

    def __init__(self, *args, criteria, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        for i, c in enumerate(self.criteria):
            attrs = {"min": c.scale_min, "max": c.scale_max, "inputmode": "numeric"}
            if i == 0:
                attrs["autofocus"] = True
            self.fields[self.field_name(c)] = forms.IntegerField(
                label=c.name, help_text=_("%(min)s to %(max)s") % {"min": c.scale_min, "max": c.scale_max}
                + (f" · {c.description}" if c.description else ""),
                widget=forms.NumberInput(attrs=attrs),
                error_messages={"required": _("Please give a score."), "invalid": _("A whole number, please.")},
            )

    @staticmethod
    def field_name(criterion) -> str:
        return f"c_{criterion.pk}"

    def values(self) -> dict[int, int]:
        return {c.pk: self.cleaned_data[self.field_name(c)] for c in self.criteria}


class MoveForm(forms.Form):
    outcome = forms.ChoiceField(choices=RoundOutcome.choices)


class RoundStatusForm(forms.Form):
    status = forms.ChoiceField(choices=RoundStatus.choices)


class CorrectionForm(forms.Form):
    correction = forms.ChoiceField(
        label=_("Leniency correction"), required=False,
        choices=[("", _("None: plain means")), ("standardise", _("Standardise each reviewer")),
                 ("offset_model", _("Reviewer offset model"))],
        help_text=_("Some reviewers are more generous than others. Standardising suits reviewers who saw a "
                    "similar mix of applicants; the offset model suits incomplete assignments."),
    )


# Optimal, diverse selection (recruiting.cohorts) ------------------------------------------

class QuotaForm(forms.Form):
    """One quota line; an empty value leaves the line out. The service checks the rules."""

    attribute = forms.ChoiceField(label=_("Counts"), choices=QuotaAttribute.choices)
    question = forms.TypedChoiceField(label=_("Question"), required=False, coerce=int, empty_value=None,
                                      help_text=_("Only for an answer to a choice question."))
    value = forms.CharField(label=_("Value"), max_length=200, required=False,
                            widget=forms.TextInput(attrs={"list": "quota-values"}))
    minimum = forms.IntegerField(label=_("At least"), min_value=0, initial=0, required=False)
    maximum = forms.IntegerField(label=_("At most"), min_value=0, required=False,
                                 help_text=_("Empty: no upper bound."))

    def __init__(self, *args, questions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["question"].choices = [("", "—")] + [(q.pk, q.text) for q in questions]


QuotaFormSet = formset_factory(QuotaForm, extra=3, max_num=60, validate_max=True)


def quotas_from(formset) -> list[dict]:
    return [
        {"attribute": d["attribute"], "value": d["value"], "minimum": d.get("minimum") or 0,
         "maximum": d.get("maximum"), "question": d.get("question")}
        for d in (form.cleaned_data for form in formset.forms if form.cleaned_data)
        if (d.get("value") or "").strip()
    ]


class SelectionRunForm(forms.Form):
    size = forms.IntegerField(label=_("Cohort size"), min_value=1, max_value=100000)
    round = forms.TypedChoiceField(
        label=_("Scores from round"), required=False, coerce=int, empty_value=None,
        help_text=_("Without a round every applicant scores 0 and the seeded lottery decides among those who "
                    "meet the quotas."),
    )
    correction = forms.ChoiceField(label=_("Leniency correction"), required=False,
                                   choices=CorrectionForm.base_fields["correction"].choices)
    seed = forms.IntegerField(label=_("Lottery seed"), required=False, min_value=0, max_value=2**62,
                              help_text=_("Leave empty for a new random seed; the seed used is recorded, so the "
                                          "selection can be reproduced."))
    tie_window = forms.DecimalField(
        label=_("Near-tie window (points)"), required=False, min_value=0, max_value=10, decimal_places=2,
        help_text=_("Cohorts whose totals are within this many points of the best are treated as equally good, "
                    "and the seeded lottery chooses among them. 0 keeps the exact optimum."))

    def __init__(self, *args, rounds=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.rounds = {r.pk: r for r in rounds}
        self.fields["round"].choices = [("", _("No round: lottery only"))] + [(r.pk, r.name) for r in rounds]

    def clean_round(self):
        pk = self.cleaned_data.get("round")
        return None if pk is None else self.rounds.get(pk)


class SelectionAcceptForm(forms.Form):
    confirm_days = forms.IntegerField(label=_("Days to confirm"), min_value=1, max_value=60, initial=7)


class InvitationAnswerForm(forms.Form):
    answer = forms.ChoiceField(choices=[("confirm", _("Confirm")), ("decline", _("Decline"))])


# Applicant imports ---------------------------------------------------------------------------

class ImportUploadForm(forms.Form):
    """Only collects; recruiting.imports.import_upload checks the file and the rules."""

    file = forms.FileField(label=_("File"), help_text=_("CSV or Excel (.xlsx), at most 10 MB; the first row names "
                                                        "the columns."),
                           widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}))
    source = forms.CharField(label=_("Source community"), max_length=100,
                             help_text=_("The community or intermediary the applicants come from."))
    consent_basis = forms.CharField(
        label=_("How consent was obtained"), widget=forms.Textarea(attrs={"rows": 4}), max_length=TEXT,
        help_text=_("How the intermediary obtained the applicants' consent to share their data with you. "
                    "Each application keeps this text."),
    )


class ImportMappingForm(forms.Form):
    """One choice per column of the file: a profile field, a question, or nothing."""

    def __init__(self, *args, columns: list[str], targets: list[tuple[str, str]], mapping: dict[str, str],
                 **kwargs):
        super().__init__(*args, label_suffix="", **kwargs)
        choices = [("", _("— do not import —")), *targets]
        for index, header in enumerate(columns):
            self.fields[f"column_{index}"] = forms.ChoiceField(
                label=header or _("Column %(n)s") % {"n": index + 1}, choices=choices, required=False,
                initial=mapping.get(str(index), ""),
            )

    def mapping(self) -> dict[str, str]:
        return {name.removeprefix("column_"): value for name, value in self.cleaned_data.items() if value}
