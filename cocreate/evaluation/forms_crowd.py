"""Forms of the crowd votes: the 0-5 rating and the reviewer's decision on held votes."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import VoteFlag
from .ratings import MAX_RATING


class RatingForm(forms.Form):
    value = forms.TypedChoiceField(
        label=_("Your rating"), coerce=int, widget=forms.RadioSelect,
        choices=[(v, str(v)) for v in range(MAX_RATING + 1)],
        help_text=_("0 means not at all, 5 means very much."),
    )


class FlagResolveForm(forms.Form):
    resolution = forms.ChoiceField(
        label=_("Decision"),
        choices=[(VoteFlag.Resolution.COUNTED, _("Count these votes")),
                 (VoteFlag.Resolution.EXCLUDED, _("Exclude these votes"))],
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 2}),
                           help_text=_("Why you decided so; kept in the audit log."))
