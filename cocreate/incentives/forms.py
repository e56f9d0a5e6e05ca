"""Forms only collect and validate; incentives.services writes."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .enums import Condition, GrantStatus, IncentiveKind, InvitationPlace, Nature


class IncentiveForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=IncentiveKind.choices)
    nature = forms.ChoiceField(
        label=_("Nature"), required=False, choices=[("", _("As the kind suggests")), *Nature.choices],
        help_text=_("Cash, prizes and products are extrinsic; early access, name credit, invitations and "
                    "titles are intrinsic."))
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(label=_("Description"), required=False, max_length=5000,
                                  widget=forms.Textarea(attrs={"rows": 3}))
    invitation_to = forms.ChoiceField(label=_("Invitation to"), required=False,
                                      choices=[("", "—"), *InvitationPlace.choices])
    amount = forms.DecimalField(label=_("Amount or stated value per person"), required=False, min_value=0,
                                max_digits=12, decimal_places=2)
    currency = forms.CharField(label=_("Currency"), required=False, max_length=3,
                               help_text=_("Three letters, e.g. KRW, USD."))
    quantity = forms.IntegerField(label=_("How many can be granted"), required=False, min_value=1)
    budget = forms.DecimalField(label=_("Budget"), required=False, min_value=0, max_digits=14, decimal_places=2)
    condition = forms.ChoiceField(label=_("Condition"), choices=Condition.choices)
    mission = forms.TypedChoiceField(
        label=_("Mission"), required=False, coerce=int, empty_value=None,
        help_text=_("Required for completing a mission; for winners and the top N, limits the reward to that "
                    "mission's ideas."))
    top_n = forms.IntegerField(label=_("Top N"), required=False, min_value=1)
    order = forms.IntegerField(label=_("Order"), required=False, min_value=0, max_value=32000)

    def __init__(self, *args, missions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.missions = {m.pk: m for m in missions}
        self.fields["mission"].choices = [("", "—"), *((m.pk, m.title) for m in missions)]

    def values(self) -> dict:
        data = dict(self.cleaned_data)
        data["mission"] = self.missions.get(data["mission"])
        return data


class GrantForm(forms.Form):
    user = forms.TypedChoiceField(label=_("Person"), coerce=int)
    reason = forms.CharField(label=_("Why"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}),
                             help_text=_("The person reads this."))

    def __init__(self, *args, people=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.people = {p.pk: p for p in people}
        self.fields["user"].choices = [(p.pk, f"{p.display_name} <{p.email}>") for p in people]

    def person(self):
        return self.people[self.cleaned_data["user"]]


class CancelForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=2000, help_text=_("The person reads this."))


class LedgerFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), required=False,
                               choices=[("", pgettext_lazy("filter", "Any")), *GrantStatus.choices])
    incentive = forms.TypedChoiceField(label=_("Incentive"), required=False, coerce=int, empty_value=None)
    q = forms.CharField(label=_("Search"), required=False, max_length=200, help_text=_("Name or email."))

    def __init__(self, *args, incentives=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["incentive"].choices = [("", pgettext_lazy("filter", "Any")),
                                            *((i.pk, i.title) for i in incentives)]

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        d = self.cleaned_data
        return {"status": d["status"], "incentive_id": d["incentive"], "query": d["q"]}
