from django import forms
from django.utils.translation import gettext_lazy as _

from cocreate.core.limits import LONG_TEXT, TEXT, bounded_text

from .models import Idea


class IdeaForm(forms.ModelForm):
    """Only collects and validates; ideas.services writes."""

    class Meta:
        model = Idea
        fields = ["title", "body"]
        widgets = {"body": forms.Textarea(attrs={"rows": 8})}
        labels = {"title": _("Title"), "body": _("Describe your idea")}
        formfield_callback = bounded_text({"body": LONG_TEXT})


class CommentForm(forms.Form):
    body = forms.CharField(label=_("Comment"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3}))


class HideForm(forms.Form):
    reason = forms.CharField(label=_("Reason for hiding"), max_length=TEXT, widget=forms.Textarea(attrs={"rows": 2}))


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search ideas"), required=False, max_length=200)


class PurchaseIntentForm(forms.Form):
    value = forms.TypedChoiceField(
        label=_("Would you buy it?"), coerce=int, widget=forms.RadioSelect,
        choices=[(1, _("1 – surely not")), (2, _("2 – probably not")), (3, _("3 – maybe")),
                 (4, _("4 – probably")), (5, _("5 – surely"))])
