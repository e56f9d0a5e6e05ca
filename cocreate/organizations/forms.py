from django import forms
from django.apps import apps
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from cocreate.core.limits import TEXT

from .enums import MemberDeletionPolicy, Role
from .models import Department, Organization


class MembershipAddForm(forms.Form):
    """Only collects; organizations.services.membership_add checks the email and department."""

    email = forms.EmailField(label=_("Email address"),
                             help_text=_("The person must already have an account."))
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    department = forms.ModelChoiceField(
        label=_("Department"), queryset=Department.objects.none(), required=False,
        help_text=_("Required for internal partners: the department whose forwarded ideas they receive."),
    )

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = (
            Department.objects.filter(organization=organization).order_by("name")
        )


class DepartmentForm(forms.Form):
    name = forms.CharField(label=_("Department name"), max_length=200)
    description = forms.CharField(label=_("Description"), required=False, max_length=TEXT,
                                  widget=forms.Textarea(attrs={"rows": 2}))


def target_type_label(label: str) -> str:
    """The translated name of a model from its ``app_label.model`` label."""
    try:
        return str(apps.get_model(label)._meta.verbose_name)
    except (LookupError, ValueError):
        return label


class AuditFilterForm(forms.Form):
    verb = forms.ChoiceField(label=_("Action"), required=False)
    target_type = forms.ChoiceField(label=_("Kind of target"), required=False)
    target_id = forms.IntegerField(label=_("Target number"), required=False, min_value=1)

    def __init__(self, *args, verbs: list[str], target_types: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["verb"].choices = [("", _("All actions"))] + [(v, v) for v in verbs]
        self.fields["target_type"].choices = [("", _("All kinds"))] + [
            (t, target_type_label(t)) for t in target_types
        ]


def _organization_field(name: str):
    return Organization._meta.get_field(name)


class PrivacySettingsForm(forms.Form):
    """Only collects; organizations.services.organization_set_privacy checks and writes."""

    applicant_retention_days = forms.IntegerField(
        label=_("Keep declined and withdrawn applicants' data for (days)"), min_value=1,
        help_text=_("After this many days from the decision or the withdrawal, their profile and answers are "
                    "erased; counts and scores stay. Selected partners are never affected."),
    )
    # Left out of a post (an older page, a script), the policy keeps its value.
    on_member_deletion = forms.TypedChoiceField(
        label=capfirst(_organization_field("on_member_deletion").verbose_name),
        help_text=_organization_field("on_member_deletion").help_text,
        choices=MemberDeletionPolicy.choices, widget=forms.RadioSelect, required=False, empty_value=None,
    )

    @classmethod
    def initial_for(cls, organization: Organization) -> dict:
        return {"applicant_retention_days": organization.applicant_retention_days,
                "on_member_deletion": organization.on_member_deletion}
