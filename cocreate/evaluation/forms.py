from django import forms
from django.utils.translation import gettext_lazy as _

from cocreate.programs.models import Program


class QueueFilterForm(forms.Form):
    program = forms.ModelChoiceField(label=_("Program"), queryset=Program.objects.none(), required=False,
                                     empty_label=_("All programs"))

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["program"].queryset = Program.objects.filter(organization=organization).order_by("title")

    def program_id(self) -> int | None:
        if self.is_valid() and self.cleaned_data["program"] is not None:
            return self.cleaned_data["program"].pk
        return None


class ScoreForm(forms.Form):
    """One whole-number field per published criterion, named ``criterion_<id>``. Only
    collects and validates; evaluation.services.scores_submit writes."""

    def __init__(self, *args, criteria, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        for i, c in enumerate(self.criteria):
            message = _("Enter a whole number from 0 to %(max)s.") % {"max": c.scale_max}
            attrs = {"inputmode": "numeric", "min": 0, "max": c.scale_max, "step": 1, "class": "score-input"}
            if i == 0:
                attrs["autofocus"] = True
            self.fields[self.field_name(c)] = forms.IntegerField(
                label=c.name, help_text=c.description, min_value=0, max_value=c.scale_max, required=True,
                widget=forms.NumberInput(attrs=attrs),
                error_messages={"required": _("Score “%(criterion)s”.") % {"criterion": c.name},
                                "invalid": message, "min_value": message, "max_value": message},
            )
            # An optional comment per criterion (judging): kept as typed when the form has errors.
            self.fields[self.comment_name(c)] = forms.CharField(
                label=_("Comment on “%(criterion)s” (optional)") % {"criterion": c.name}, required=False,
                max_length=2000, widget=forms.Textarea(attrs={"rows": 2, "class": "score-comment"}),
            )

    @staticmethod
    def field_name(criterion) -> str:
        return f"criterion_{criterion.pk}"

    @staticmethod
    def comment_name(criterion) -> str:
        return f"comment_{criterion.pk}"

    def comments(self) -> dict[int, str]:
        return {c.pk: self.cleaned_data.get(self.comment_name(c), "") for c in self.criteria}

    def rows_with_comments(self):
        """(criterion, score field, comment field) triples, in the agreement's order."""
        return [(c, self[self.field_name(c)], self[self.comment_name(c)]) for c in self.criteria]

    def rows(self):
        """(criterion, bound field) pairs, in the agreement's order, for the template."""
        return [(c, self[self.field_name(c)]) for c in self.criteria]

    def values(self) -> dict[int, int]:
        return {c.pk: self.cleaned_data[self.field_name(c)] for c in self.criteria}



# --- Judging (views/judging.py): assignments and conflicts of interest --------------------------

class PersonChoiceField(forms.ModelChoiceField):
    """People by name only: an e-mail address is never shown."""

    def label_from_instance(self, obj):
        return obj.name or _("Person %(id)s") % {"id": obj.pk}


class AutoAssignForm(forms.Form):
    min_judges = forms.IntegerField(label=_("Judges per idea"), min_value=1, max_value=50)
    due_at = forms.DateTimeField(label=_("Due"), required=False,
                                 widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))


class AssignForm(forms.Form):
    idea = forms.ModelChoiceField(label=_("Idea"), queryset=None)
    judge = PersonChoiceField(label=_("Judge"), queryset=None)
    due_at = forms.DateTimeField(label=_("Due"), required=False,
                                 widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))

    def __init__(self, *args, ideas, judges, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["idea"].queryset = ideas
        self.fields["judge"].queryset = judges


class UnassignForm(forms.Form):
    idea = forms.ModelChoiceField(queryset=None)
    judge = forms.ModelChoiceField(queryset=None)

    def __init__(self, *args, ideas, judges, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["idea"].queryset = ideas
        self.fields["judge"].queryset = judges


class ConflictForm(forms.Form):
    person = PersonChoiceField(label=_("Person"), queryset=None,
                               help_text=_("An author or partner you know personally, work closely with or are "
                                           "related to."))
    reason = forms.CharField(label=_("Reason"), max_length=200, required=False,
                             help_text=_("Seen by the program's managers only."))

    def __init__(self, *args, people, shown=None, **kwargs):
        """``people``: everyone the judge may name (what a choice is checked against);
        ``shown``: the few offered in the list (a search's matches), since an organization
        with an open channel has thousands of authors, too many for one list."""
        super().__init__(*args, **kwargs)
        field = self.fields["person"]
        field.queryset = people
        if shown is not None:
            field.widget.choices = [("", field.empty_label)] + [(p.pk, field.label_from_instance(p)) for p in shown]
