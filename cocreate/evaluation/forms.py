from django import forms
from django.utils.translation import gettext_lazy as _

from cocreate.programs.models import Program


class QueueFilterForm(forms.Form):
    program = forms.ModelChoiceField(label=_("Program"), queryset=Program.objects.none(), required=False,
                                     empty_label=_("All programs"))

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["program"].queryset = Program.objects.filter(organization=organization).order_by("title")

    def program_id(self) -> int | None:
        if self.is_valid() and self.cleaned_data["program"] is not None:
            return self.cleaned_data["program"].pk
        return None


class ScoreForm(forms.Form):
    """One whole-number field per published criterion, named ``criterion_<id>``. Only
    collects and validates; evaluation.services.scores_submit writes."""

    def __init__(self, *args, criteria, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        for i, c in enumerate(self.criteria):
            message = _("Enter a whole number from 0 to %(max)s.") % {"max": c.scale_max}
            attrs = {"inputmode": "numeric", "min": 0, "max": c.scale_max, "step": 1, "class": "score-input"}
            if i == 0:
                attrs["autofocus"] = True
            self.fields[self.field_name(c)] = forms.IntegerField(
                label=c.name, help_text=c.description, min_value=0, max_value=c.scale_max, required=True,
                widget=forms.NumberInput(attrs=attrs),
                error_messages={"required": _("Score “%(criterion)s”.") % {"criterion": c.name},
                                "invalid": message, "min_value": message, "max_value": message},
            )

    @staticmethod
    def field_name(criterion) -> str:
        return f"criterion_{criterion.pk}"

    def rows(self):
        """(criterion, bound field) pairs, in the agreement's order, for the template."""
        return [(c, self[self.field_name(c)]) for c in self.criteria]

    def values(self) -> dict[int, int]:
        return {c.pk: self.cleaned_data[self.field_name(c)] for c in self.criteria}

