"""Forms only collect and validate; pool.services writes."""

from datetime import timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .enums import SELF_STATUSES, AgeBand, PoolStatus

YES, NO = "yes", "no"
YES_NO = [("", pgettext_lazy("filter", "Any")), (YES, _("Yes")), (NO, _("No"))]


def _yes_no(value: str) -> bool | None:
    return {YES: True, NO: False}.get(value)


class PoolFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200,
                        help_text=_("Name, email, expertise or interests."))
    status = forms.ChoiceField(label=_("Status"), required=False,
                               choices=[("", _("All but removed")), *PoolStatus.choices])
    interest = forms.CharField(label=_("Interest"), required=False, max_length=100)
    region = forms.CharField(label=_("Region"), required=False, max_length=100)
    age_band = forms.ChoiceField(label=_("Age"), required=False,
                                 choices=[("", pgettext_lazy("filter", "Any")), *AgeBand.choices])
    opinion_leader = forms.ChoiceField(label=_("Opinion leader"), required=False, choices=YES_NO)
    program = forms.TypedChoiceField(label=_("Took part in"), required=False, coerce=int, empty_value=None)
    accepted = forms.ChoiceField(label=_("Has accepted ideas"), required=False, choices=YES_NO)

    def __init__(self, *args, programs=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.programs = {p.pk: p for p in programs}
        self.fields["program"].choices = [("", pgettext_lazy("filter", "Any")),
                                          *((p.pk, p.title) for p in programs)]

    def filters(self) -> dict:
        """Keyword arguments for selectors.pool_members; invalid input filters nothing."""
        if not self.is_valid():
            return {}
        d = self.cleaned_data
        return {
            "query": d["q"], "status": d["status"], "interest": d["interest"], "region": d["region"],
            "age_band": d["age_band"], "opinion_leader": _yes_no(d["opinion_leader"]),
            "program": self.programs.get(d["program"]), "has_accepted_ideas": _yes_no(d["accepted"]),
        }


class PoolAddForm(forms.Form):
    email = forms.EmailField(label=_("Email address"), help_text=_("The person must have an account."))


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=PoolStatus.choices)


class SelfStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=[c for c in PoolStatus.choices if c[0] in SELF_STATUSES])


class NoteForm(forms.Form):
    note = forms.CharField(label=_("Managers' note"), required=False, max_length=5000,
                           widget=forms.Textarea(attrs={"rows": 3}),
                           help_text=_("Seen by program managers and admins only, never by the member."))


class InviteForm(forms.Form):
    program = forms.TypedChoiceField(label=_("Program"), coerce=int)
    message = forms.CharField(label=_("Message"), required=False, max_length=2000,
                              widget=forms.Textarea(attrs={"rows": 4}),
                              help_text=_("Why you invite this person; it goes into the invitation."))
    deadline = forms.DateField(label=_("Answer by"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))

    def __init__(self, *args, programs=(), **kwargs):
        kwargs.setdefault("initial", {"deadline": timezone.localdate() + timedelta(days=14)})
        super().__init__(*args, **kwargs)
        self.programs = {p.pk: p for p in programs}
        self.fields["program"].choices = [(p.pk, p.title) for p in programs]

    def chosen_program(self):
        return self.programs[self.cleaned_data["program"]]


class CandidateFilterForm(forms.Form):
    min_supports = forms.IntegerField(label=_("Supports on one idea"), required=False, min_value=1,
                                      max_value=100000,
                                      help_text=_("Authors of an open-channel idea with at least this many "
                                                  "supports are candidates, as are authors of accepted ideas."))


class AddCandidateForm(forms.Form):
    user = forms.IntegerField(widget=forms.HiddenInput)


class RespondForm(forms.Form):
    ACCEPT, DECLINE = "accept", "decline"
    answer = forms.ChoiceField(choices=[(ACCEPT, _("Accept")), (DECLINE, _("Decline"))])
