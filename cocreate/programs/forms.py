from django import forms
from django.core.validators import MaxValueValidator
from django.forms import formset_factory
from django.utils.translation import gettext_lazy as _

from cocreate.core.limits import LONG_TEXT, bounded_text

from .enums import CrowdSource, Leniency, Stage
from .models import Agreement, Criterion, Program
from .services import AGREEMENT_TEXT_FIELDS, PROGRAM_FIELDS

DATE_FIELDS = [f"{s.value}_{edge}" for s in Stage for edge in ("starts", "ends")]


def _date_input():
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ProgramForm(forms.ModelForm):
    """Only collects and validates; programs.services writes. Used without ``instance``
    (initial values instead) so that validation never touches the program being edited."""

    class Meta:
        model = Program
        fields = list(PROGRAM_FIELDS)
        widgets = {"goal": forms.Textarea(attrs={"rows": 4}), "scope": forms.Textarea(attrs={"rows": 3})} | {
            name: _date_input() for name in DATE_FIELDS
        }
        formfield_callback = bounded_text({"goal": LONG_TEXT, "scope": LONG_TEXT})

    def stage_rows(self):
        """Pairs of (stage, starts field, ends field) for the timeline part of the form."""
        return [(stage, self[f"{stage.value}_starts"], self[f"{stage.value}_ends"]) for stage in Stage]

    def main_fields(self):
        return [self[name] for name in ("title", "goal", "scope", "is_pilot", "is_public", "status")]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Vote integrity: an empty minimum account age means none (0).
        age = self.fields["vote_min_account_age_days"]
        age.required, age.max_value = False, 3650
        age.validators.append(MaxValueValidator(3650))
        age.widget.attrs["max"] = 3650
        age.help_text = _("0 lets every account vote. Votes from younger accounts are refused with the date "
                          "from which they may vote.")

    def clean_vote_min_account_age_days(self):
        return self.cleaned_data.get("vote_min_account_age_days") or 0

    def vote_fields(self):
        """Vote integrity thresholds (evaluation.integrity)."""
        return [self[name] for name in ("vote_min_account_age_days", "vote_requires_verified_email")]


def program_initial(program: Program) -> dict:
    return {name: getattr(program, name) for name in PROGRAM_FIELDS}


class AgreementForm(forms.Form):
    """The written terms. None is required to save a draft; publishing checks completeness."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in AGREEMENT_TEXT_FIELDS:
            model_field = Agreement._meta.get_field(name)
            self.fields[name] = forms.CharField(
                label=model_field.verbose_name, help_text=model_field.help_text, required=False,
                max_length=LONG_TEXT, widget=forms.Textarea(attrs={"rows": 3}),
            )
        # How the final score is computed; left out of a post, a setting keeps its value.
        field = Agreement._meta.get_field
        self.fields["leniency"] = forms.TypedChoiceField(
            label=field("leniency").verbose_name, help_text=field("leniency").help_text, choices=Leniency.choices,
            required=False, empty_value=None)
        self.fields["crowd_source"] = forms.TypedChoiceField(
            label=field("crowd_source").verbose_name, help_text=field("crowd_source").help_text,
            choices=CrowdSource.choices, required=False, empty_value=None)
        self.fields["min_judges"] = forms.IntegerField(
            label=field("min_judges").verbose_name, help_text=field("min_judges").help_text, min_value=1,
            max_value=20, required=False)
        self.fields["comments_to_author"] = forms.BooleanField(
            label=field("comments_to_author").verbose_name, help_text=field("comments_to_author").help_text,
            required=False)
        # Asked the safe way round: leaving the box empty keeps the change material.
        self.fields["not_material"] = forms.BooleanField(
            label=_("Not a material change (a typo fixed): carry the acceptances forward"),
            help_text=_("Partners who accepted the version in force are not asked again; this is recorded. "
                        "A change of the evaluation criteria is always material."),
            required=False,
        )

    def service_values(self) -> dict:
        values = dict(self.cleaned_data)
        values["is_material"] = not values.pop("not_material", False)
        for name in ("leniency", "crowd_source", "min_judges"):
            if values.get(name) in (None, ""):
                values.pop(name, None)
        return values


class CriterionForm(forms.Form):
    name = forms.CharField(label=Criterion._meta.get_field("name").verbose_name, max_length=120)
    description = forms.CharField(label=_("What it means"), required=False, max_length=1000)
    weight = forms.IntegerField(label=_("Weight (%)"), min_value=1, max_value=100)
    scale_max = forms.IntegerField(label=_("Highest score"), min_value=1, max_value=100, initial=10)
    is_crowd_vote = forms.BooleanField(label=_("Decided by the participants' vote"), required=False)


CriterionFormSet = formset_factory(CriterionForm, extra=2, can_delete=True, max_num=20, validate_max=True)


def criteria_initial(agreement: Agreement | None) -> list[dict]:
    if agreement is None:
        return []
    return [{"name": c.name, "description": c.description, "weight": c.weight, "scale_max": c.scale_max,
             "is_crowd_vote": c.is_crowd_vote}
            for c in agreement.criteria.all()]


def criteria_from(formset) -> list[dict]:
    """The criteria the manager kept, in the order typed; untouched blank rows are ignored."""
    return [
        {k: form.cleaned_data[k] for k in ("name", "description", "weight", "scale_max", "is_crowd_vote")}
        for form in formset.forms
        if form.cleaned_data and not form.cleaned_data.get("DELETE")
    ]


class AcceptForm(forms.Form):
    """Carries the version the partner read, so that a version published meanwhile is never
    accepted unseen."""

    version = forms.IntegerField(widget=forms.HiddenInput)
