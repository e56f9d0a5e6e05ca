from django import forms
from django.utils.translation import gettext_lazy as _


class OutcomeFilterForm(forms.Form):
    MINE, ALL = "mine", "all"
    show = forms.ChoiceField(
        label=_("Show"), required=False,
        choices=[(MINE, _("My departments")), (ALL, _("All outcomes"))],
    )


class OutcomeUpdateForm(forms.Form):
    """Collects and validates a progress update; retention.services.outcome_update writes."""

    text = forms.CharField(label=_("What happened?"), max_length=5000,
                           widget=forms.Textarea(attrs={"rows": 4}),
                           help_text=_("The idea's author reads this."),
                           error_messages={"required": _("Describe the progress.")})
    progress = forms.IntegerField(
        label=_("Progress (%)"), min_value=0, max_value=100,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "min": 0, "max": 100, "step": 5}),
        help_text=_("100 % marks the idea as implemented."),
        error_messages={k: _("Progress must be a whole number from 0 to 100.")
                        for k in ("required", "invalid", "min_value", "max_value")},
    )
