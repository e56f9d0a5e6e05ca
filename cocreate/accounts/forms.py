from django import forms
from django.conf import settings
from django.forms.models import fields_for_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cocreate.core.limits import PROFILE_TEXT, bounded_text

from .enums import Language
from .models import User
from .services import PROFILE_FIELDS, TOKEN_DEFAULT_LIFETIME, profile_update


class SignupExtraForm(forms.Form):
    """Asked at sign-up besides email and password; allauth calls ``signup``."""

    name = forms.CharField(label=_("Name"), max_length=100)
    language = forms.ChoiceField(label=_("Language"), choices=Language.choices, initial=Language.KOREAN)

    def signup(self, request, user):
        profile_update(user, name=self.cleaned_data["name"], language=self.cleaned_data["language"])


class ProfileForm(forms.Form):
    """The profile recruiting asks about. Only collects and validates; accounts.services.
    profile_update writes. A plain Form built from the model's fields rather than a
    ModelForm, so that validating never changes the signed-in user object before the
    service has accepted the values."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields.update(fields_for_model(User, fields=PROFILE_FIELDS, widgets={
            "birth_year": forms.NumberInput(attrs={"inputmode": "numeric"}),
            "follower_count": forms.NumberInput(attrs={"inputmode": "numeric", "min": 0}),
            "expertise": forms.Textarea(attrs={"rows": 3}),
            "social_links": forms.Textarea(attrs={"rows": 3}),
        }, formfield_callback=bounded_text({"expertise": PROFILE_TEXT, "social_links": PROFILE_TEXT})))
        self.fields["name"].required = True
        self.fields["birth_year"].widget.attrs.update(min=1900, max=timezone.now().year)

    @classmethod
    def initial_for(cls, user: User) -> dict:
        return {f: getattr(user, f) for f in PROFILE_FIELDS}

    def clean_birth_year(self):
        year = self.cleaned_data.get("birth_year")
        if year is not None and not 1900 <= year <= timezone.now().year:
            raise forms.ValidationError(_("Enter a real birth year."), code="birth_year")
        return year


class ApiTokenForm(forms.Form):
    """Collects a new token's name, lifetime and scope; accounts.services.api_token_create
    checks the lifetime and writes."""

    ON_A_DATE = "date"

    name = forms.CharField(label=_("Token name"), max_length=100,
                           help_text=_("For example the script or tool that will use it."),
                           error_messages={"required": _("Name the token so you can recognise it later.")})
    expiry = forms.ChoiceField(label=_("Expires"), initial=str(TOKEN_DEFAULT_LIFETIME), required=False, choices=[
        ("30", _("In 30 days")), ("90", _("In 90 days")), ("365", _("In a year")), (ON_A_DATE, _("On a date")),
    ])
    expires_on = forms.DateField(label=_("Expiry date"), required=False,
                                 widget=forms.DateInput(attrs={"type": "date"}),
                                 help_text=_("The last day the token works, when you chose “On a date”."))
    read_only = forms.BooleanField(label=_("Read only"), required=False,
                                   help_text=_("The token can read but not create, change or delete anything."))

    def clean(self):
        data = super().clean()
        if data.get("expiry") == self.ON_A_DATE and not data.get("expires_on") and "expires_on" not in self.errors:
            self.add_error("expires_on", forms.ValidationError(_("Choose the date the token expires."),
                                                               code="expiry_date_required"))
        return data

    def lifetime(self) -> dict:
        """The keyword arguments of api_token_create for the chosen lifetime."""
        expiry = self.cleaned_data.get("expiry") or str(TOKEN_DEFAULT_LIFETIME)
        if expiry == self.ON_A_DATE:
            return {"expires_on": self.cleaned_data["expires_on"]}
        return {"expires_in_days": int(expiry)}


class LanguageForm(forms.Form):
    language = forms.ChoiceField(choices=settings.LANGUAGES)


class AccountDeleteForm(forms.Form):
    """Deleting an account asks twice: the password, and a phrase typed in the reader's language."""

    password = forms.CharField(label=_("Your password"), strip=False,
                               widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}))
    phrase = forms.CharField(label=_("Type the phrase shown above"), max_length=100)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    @staticmethod
    def expected_phrase() -> str:
        return str(_("delete my account"))

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("That is not your password."), code="password")
        return password

    def clean_phrase(self):
        phrase = " ".join(self.cleaned_data["phrase"].split())
        if phrase.casefold() != self.expected_phrase().casefold():
            raise forms.ValidationError(_("Type “%(phrase)s” exactly to confirm."), code="phrase",
                                        params={"phrase": self.expected_phrase()})
        return phrase
