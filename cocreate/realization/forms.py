from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cocreate.accounts.models import User
from cocreate.ideas.enums import Channel, IdeaState
from cocreate.ideas.models import Idea
from cocreate.organizations.enums import Role
from cocreate.organizations.models import Department
from cocreate.programs.models import Criterion, Program

from .enums import DecisionKind
from .models import RejectionReason
from .selectors import effective_sort
from .services import idea_criteria

_ANY = [("", pgettext_lazy("filter", "All"))]


class BoardFilterForm(forms.Form):
    state = forms.ChoiceField(label=_("State"), required=False,
                              choices=_ANY + [c for c in IdeaState.choices if c[0] != IdeaState.DRAFT])
    channel = forms.ChoiceField(label=_("Channel"), required=False, choices=_ANY + list(Channel.choices))
    program = forms.ModelChoiceField(label=_("Program"), queryset=Program.objects.none(), required=False,
                                     empty_label=pgettext_lazy("filter", "All"))
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    # H6: the board's further filters and order.
    mission = forms.IntegerField(label=_("Mission"), required=False, widget=forms.HiddenInput)
    concept = forms.ModelChoiceField(label=_("Concept"), queryset=Department.objects.none(), required=False,
                                     empty_label=pgettext_lazy("filter", "All"))
    department = forms.ModelChoiceField(label=_("Department"), queryset=Department.objects.none(), required=False,
                                        empty_label=pgettext_lazy("filter", "All"))
    date_from = forms.DateField(label=_("Submitted from"), required=False,
                                widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label=_("Submitted until"), required=False,
                              widget=forms.DateInput(attrs={"type": "date"}))
    unseen = forms.BooleanField(label=_("Nobody looked at it yet"), required=False)
    overdue = forms.BooleanField(label=_("Overdue"), required=False)
    sort = forms.ChoiceField(label=_("Order"), required=False, choices=[
        ("newest", _("Newest first")), ("oldest", _("Oldest first")), ("waiting", _("Longest waiting"))])

    def __init__(self, *args, organization, **kwargs):
        from .models import Concept

        super().__init__(*args, **kwargs)
        self.fields["program"].queryset = Program.objects.filter(organization=organization).order_by("title")
        self.fields["concept"].queryset = Concept.objects.filter(organization=organization).order_by("name")
        self.fields["department"].queryset = Department.objects.filter(organization=organization).order_by("name")

    def filters(self) -> dict:
        """Keyword arguments for realization.selectors.board_ideas; invalid filters are ignored."""
        # Invalid filters are dropped, valid ones kept: a stale program id in a bookmark
        # should not throw away the search.
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        program = data.get("program")
        concept, department = data.get("concept"), data.get("department")
        return {"state": data.get("state") or "", "channel": data.get("channel") or "",
                "program_id": program.pk if program else None, "query": data.get("q") or "",
                "mission_id": data.get("mission") or None, "concept_id": concept.pk if concept else None,
                "department_id": department.pk if department else None,
                "date_from": data.get("date_from"), "date_to": data.get("date_to"),
                "unseen": bool(data.get("unseen")), "overdue": bool(data.get("overdue")),
                "sort": effective_sort(data.get("sort") or "newest", data.get("unseen") or data.get("overdue"))}


class DecisionForm(forms.Form):
    """Collects and validates a decision; realization.services.idea_decide writes (and
    checks the same rules again for every other caller)."""

    kind = forms.ChoiceField(label=_("Decision"), choices=DecisionKind.choices, widget=forms.RadioSelect)
    # The state the executive saw: a decision on a page someone else has acted on meanwhile is refused.
    seen_state = forms.CharField(required=False, max_length=Idea._meta.get_field("state").max_length,
                                 widget=forms.HiddenInput)
    reasons = forms.ModelMultipleChoiceField(
        label=_("Reasons"), queryset=RejectionReason.objects.none(), required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("When rejecting: choose at least one; the author reads them in their own language."),
    )
    reason = forms.CharField(
        label=_("In your own words"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("The author reads it. Required when rejecting: be specific and kind."),
    )
    criteria = forms.ModelMultipleChoiceField(
        label=_("Criteria concerned"), queryset=Criterion.objects.none(), required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("When rejecting: the published criteria your reasons refer to; the author sees them "
                    "beside the score breakdown."),
    )
    department = forms.ModelChoiceField(
        label=_("Forward to department"), queryset=Department.objects.none(), required=False,
        help_text=_("Required when accepting: its internal partners plan the implementation."),
    )
    revisit_on = forms.DateField(label=_("Reconsider on"), required=False,
                                 widget=forms.DateInput(attrs={"type": "date"}),
                                 help_text=_("When parking: a date, a condition, or both."))
    revisit_condition = forms.CharField(label=_("Reconsider when"), required=False, max_length=2000,
                                        widget=forms.Textarea(attrs={"rows": 2}))
    revisit_owner = forms.ModelChoiceField(
        label=_("Who is reminded"), queryset=User.objects.none(), required=False,
        help_text=_("You, unless you name another executive or manager."),
    )
    stage = forms.BooleanField(
        label=_("Stage for release with the round's other decisions"), required=False,
        help_text=_("A staged decision changes nothing and tells nobody until the decisions are released "
                    "together."),
    )

    def __init__(self, *args, organization, idea=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = Department.objects.filter(organization=organization).order_by(
            "name")
        self.fields["reasons"].queryset = RejectionReason.objects.filter(organization=organization, active=True)
        criteria = [c.pk for c in idea_criteria(idea)] if idea is not None else []
        self.fields["criteria"].queryset = Criterion.objects.filter(pk__in=criteria).order_by("order", "id")
        self.fields["revisit_owner"].queryset = User.objects.filter(
            memberships__organization=organization,
            memberships__role__in=[Role.EXECUTIVE, Role.PROGRAM_MANAGER, Role.ORG_ADMIN],
        ).distinct().order_by("name", "id")
        if not criteria:
            del self.fields["criteria"]
        if not self.fields["reasons"].queryset.exists():
            del self.fields["reasons"]
        # Ideas of a program are decided in rounds: staged by default; open-channel ones at once.
        if idea is not None and not self.is_bound:
            self.fields["stage"].initial = idea.program_id is not None

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        if kind == DecisionKind.REJECT:
            if not (data.get("reason") or "").strip():
                self.add_error("reason", _("A rejection needs a reason; the author will read it."))
            if "reasons" in self.fields and not data.get("reasons"):
                self.add_error("reasons", _("Choose at least one of the reasons, then explain in your own words."))
        if kind == DecisionKind.ACCEPT and data.get("department") is None:
            self.add_error("department", _("Choose the department that will act on the idea."))
        if kind == DecisionKind.PARK and not data.get("revisit_on") and not (
                data.get("revisit_condition") or "").strip():
            self.add_error("revisit_on", _("Say when to look at the idea again: a date, a condition, or both."))
        return data


class ReviveForm(forms.Form):
    reason = forms.CharField(label=_("Why bring it back?"), required=False, max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 2}))


class RejectionReasonForm(forms.ModelForm):
    class Meta:
        model = RejectionReason
        fields = ["text_en", "text_ko"]
        widgets = {"text_en": forms.TextInput(attrs={"lang": "en"}), "text_ko": forms.TextInput(attrs={"lang": "ko"})}


class ExplanationRequestForm(forms.Form):
    message = forms.CharField(
        label=_("What would you like explained?"), required=False, max_length=3000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Optional. It helps the person who explains prepare."),
    )


class ExplanationAssignForm(forms.Form):
    expert = forms.ModelChoiceField(label=_("Expert"), queryset=User.objects.none(),
                                    help_text=_("Typically an internal partner of the department concerned."))

    def __init__(self, *args, organization, exclude=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["expert"].queryset = (User.objects.filter(memberships__organization=organization)
                                          .exclude(pk__in=list(exclude)).distinct().order_by("name", "id"))


class ExplanationProposeForm(forms.Form):
    time_1 = forms.DateTimeField(label=_("Time 1"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    time_2 = forms.DateTimeField(label=_("Time 2"), required=False,
                                 widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    time_3 = forms.DateTimeField(label=_("Time 3"), required=False,
                                 widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    time_4 = forms.DateTimeField(label=_("Time 4"), required=False,
                                 widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    time_5 = forms.DateTimeField(label=_("Time 5"), required=False,
                                 widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    place = forms.CharField(label=_("Where or how"), required=False, max_length=300,
                            help_text=_("A meeting room, or a video link."))

    def times(self) -> list:
        return [self.cleaned_data[f"time_{i}"] for i in range(1, 6) if self.cleaned_data.get(f"time_{i}")]


class ExplanationConfirmForm(forms.Form):
    at = forms.ChoiceField(label=_("The time that suits you"), widget=forms.RadioSelect)

    def __init__(self, *args, times=(), **kwargs):
        from django.utils import formats, timezone

        super().__init__(*args, **kwargs)
        self.fields["at"].choices = [
            (t.isoformat(), formats.date_format(timezone.localtime(t), "DATETIME_FORMAT")) for t in times]


class ExplanationOutcomeForm(forms.Form):
    outcome = forms.CharField(label=_("What was explained and agreed"), max_length=5000,
                              widget=forms.Textarea(attrs={"rows": 5}))


class AppealForm(forms.Form):
    grounds = forms.CharField(
        label=_("Why should the decision change?"), max_length=5000, widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("You can appeal once. An executive who did not take the first decision reviews it; "
                    "the result is final."),
    )


class AppealAssignForm(forms.Form):
    reviewer = forms.ModelChoiceField(label=_("Reviewing executive"), queryset=User.objects.none())

    def __init__(self, *args, candidates=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reviewer"].queryset = User.objects.filter(pk__in=[u.pk for u in candidates]).order_by("name")


class AppealDecisionForm(forms.Form):
    RESULTS = [("uphold", pgettext_lazy("appeal", "Uphold the decision")),
               ("accept", pgettext_lazy("appeal", "Overturn: accept the idea")),
               ("park", pgettext_lazy("appeal", "Overturn: park the idea"))]

    result = forms.ChoiceField(label=_("Result"), choices=RESULTS, widget=forms.RadioSelect)
    explanation = forms.CharField(label=_("Explanation"), max_length=5000, widget=forms.Textarea(attrs={"rows": 5}),
                                  help_text=_("The author reads it. The result is final."))
    department = forms.ModelChoiceField(label=_("Forward to department"), queryset=Department.objects.none(),
                                        required=False, help_text=_("Required when accepting."))
    revisit_on = forms.DateField(label=_("Reconsider on"), required=False,
                                 widget=forms.DateInput(attrs={"type": "date"}))
    revisit_condition = forms.CharField(label=_("Reconsider when"), required=False, max_length=2000,
                                        widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = Department.objects.filter(organization=organization).order_by("name")

    def clean(self):
        data = super().clean()
        if data.get("result") == "accept" and data.get("department") is None:
            self.add_error("department", _("Choose the department that will act on the idea."))
        return data


class ReviveIntoForm(forms.Form):
    program = forms.ModelChoiceField(label=_("Program"), queryset=Program.objects.none())
    mission = forms.ModelChoiceField(label=_("Mission"), queryset=None, required=False,
                                     help_text=_("Optional: one of the program's missions."))
    note = forms.CharField(label=_("Why bring it back?"), required=False, max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, organization, **kwargs):
        from cocreate.missions.models import Mission

        super().__init__(*args, **kwargs)
        self.fields["program"].queryset = Program.objects.filter(organization=organization).order_by("title")
        self.fields["mission"].queryset = Mission.objects.filter(program__organization=organization).select_related(
            "program").order_by("program__title", "title")
        self.fields["mission"].label_from_instance = lambda m: f"{m.program.title} · {m.title}"

    def clean(self):
        data = super().clean()
        mission, program = data.get("mission"), data.get("program")
        if mission is not None and program is not None and mission.program_id != program.pk:
            self.add_error("mission", _("That mission belongs to another program."))
        return data
