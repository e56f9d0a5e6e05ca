from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cocreate.ideas.enums import Channel, IdeaState
from cocreate.organizations.models import Department
from cocreate.programs.models import Program

from .enums import DecisionKind

_ANY = [("", pgettext_lazy("filter", "All"))]


class BoardFilterForm(forms.Form):
    state = forms.ChoiceField(label=_("State"), required=False,
                              choices=_ANY + [c for c in IdeaState.choices if c[0] != IdeaState.DRAFT])
    channel = forms.ChoiceField(label=_("Channel"), required=False, choices=_ANY + list(Channel.choices))
    program = forms.ModelChoiceField(label=_("Program"), queryset=Program.objects.none(), required=False,
                                     empty_label=pgettext_lazy("filter", "All"))
    q = forms.CharField(label=_("Search"), required=False, max_length=200)

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["program"].queryset = Program.objects.filter(organization=organization).order_by("title")

    def filters(self) -> dict:
        """Keyword arguments for realization.selectors.board_ideas; invalid filters are ignored."""
        # Invalid filters are dropped, valid ones kept: a stale program id in a bookmark
        # should not throw away the search.
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        program = data.get("program")
        return {"state": data.get("state") or "", "channel": data.get("channel") or "",
                "program_id": program.pk if program else None, "query": data.get("q") or ""}


class DecisionForm(forms.Form):
    """Collects and validates a decision; realization.services.idea_decide writes (and
    checks the same rules again for every other caller)."""

    kind = forms.ChoiceField(label=_("Decision"), choices=DecisionKind.choices, widget=forms.RadioSelect)
    # The state the executive saw: a decision on a page someone else has acted on meanwhile is refused.
    seen_state = forms.CharField(required=False, widget=forms.HiddenInput)
    reason = forms.CharField(
        label=_("Reason"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("The author reads it. Required when rejecting."),
    )
    department = forms.ModelChoiceField(
        label=_("Forward to department"), queryset=Department.objects.none(), required=False,
        help_text=_("Required when accepting: its internal partners plan the implementation."),
    )

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = Department.objects.filter(organization=organization).order_by(
            "name")

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        if kind == DecisionKind.REJECT and not (data.get("reason") or "").strip():
            self.add_error("reason", _("A rejection needs a reason; the author will read it."))
        if kind == DecisionKind.ACCEPT and data.get("department") is None:
            self.add_error("department", _("Choose the department that will act on the idea."))
        return data


class ReviveForm(forms.Form):
    reason = forms.CharField(label=_("Why bring it back?"), required=False, max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 2}))
