from django import forms
from django.forms import formset_factory
from django.utils.translation import gettext_lazy as _

from .enums import (
    ApplicationStatus,
    CriterionKind,
    CriterionSource,
    QuestionKind,
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
    purpose = forms.CharField(label=_model_label("purpose"),
                              help_text=Recruitment._meta.get_field("purpose").help_text,
                              widget=forms.Textarea(attrs={"rows": 4}))
    consent_text = forms.CharField(
        label=_model_label("consent_text"), widget=forms.Textarea(attrs={"rows": 4}),
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


QuestionFormSet = formset_factory(QuestionForm, extra=3, max_num=30, validate_max=True)


def questions_from(formset) -> list[dict]:
    return [
        {k: form.cleaned_data[k] for k in ("text", "kind", "max_length", "required")}
        for form in formset.forms if form.cleaned_data
    ]


class ApplyForm(forms.Form):
    """One field per question of the recruitment, then consent. Limits are enforced here (and
    shown to the browser as ``maxlength``) and again by the service."""

    def __init__(self, *args, recruitment, questions, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        for q in self.questions:
            short = q.kind == QuestionKind.SHORT
            widget = forms.TextInput() if short else forms.Textarea(attrs={"rows": 4})
            help_text = ""
            if q.max_length:
                help_text = _("At most %(limit)s characters.") % {"limit": q.max_length}
            self.fields[self.field_name(q)] = forms.CharField(
                label=q.text, required=q.required, max_length=q.max_length or None, widget=widget,
                help_text=help_text,
                error_messages={
                    "required": _("Please answer this question."),
                    "max_length": _("At most %(limit_value)d characters, please (you wrote %(show_value)d)."),
                },
            )
        self.fields["consent"] = forms.BooleanField(
            label=_("I agree to the use of my personal data as described above."),
            widget=forms.CheckboxInput(attrs={"aria-describedby": "consent-text"}),
            error_messages={"required": _("Please agree to the use of your personal data to apply.")},
        )

    @staticmethod
    def field_name(question) -> str:
        return f"q_{question.pk}"

    def answers(self) -> dict[int, str]:
        return {q.pk: self.cleaned_data.get(self.field_name(q), "") for q in self.questions}


class StatusForm(forms.Form):
    status = forms.ChoiceField(choices=RecruitmentStatus.choices)


class ApplicationFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), required=False,
                               choices=[("", _("Any status"))] + list(ApplicationStatus.choices))
    q = forms.CharField(label=_("Name or email"), required=False, max_length=200)


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
    description = forms.CharField(label=_("What reviewers look for"), required=False,
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

    def __init__(self, *args, candidates=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.candidates = {u.pk: u for u in candidates}
        self.fields["reviewer"].choices = [(u.pk, f"{u.display_name} <{u.email}>") for u in candidates]


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
