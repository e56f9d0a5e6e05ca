from django import forms
from django.utils.translation import gettext_lazy as _

from .enums import Language
from .models import User
from .services import PROFILE_FIELDS, profile_update


class SignupExtraForm(forms.Form):
    """Asked at sign-up besides email and password; allauth calls ``signup``."""

    name = forms.CharField(label=_("Name"), max_length=100)
    language = forms.ChoiceField(label=_("Language"), choices=Language.choices, initial=Language.KOREAN)

    def signup(self, request, user):
        profile_update(user, name=self.cleaned_data["name"], language=self.cleaned_data["language"])


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = PROFILE_FIELDS
        widgets = {
            "expertise": forms.Textarea(attrs={"rows": 3}),
            "social_links": forms.Textarea(attrs={"rows": 3}),
        }
