from django import forms
from django.forms import formset_factory
from django.utils.translation import gettext_lazy as _

from .enums import Visibility
from .models import Mission


def _label(name):
    return Mission._meta.get_field(name).verbose_name


def _datetime_input():
    return forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class MissionForm(forms.Form):
    """A plain form, not a ModelForm: missions.services validates the period with a
    translated message, and nothing here touches a mission before the service does."""

    title = forms.CharField(label=_label("title"), max_length=200)
    brief = forms.CharField(label=_label("brief"), widget=forms.Textarea(attrs={"rows": 5}),
                            help_text=_("What the partners should work on, and why."))
    wanted_ideas = forms.CharField(label=_label("wanted_ideas"), required=False,
                                   widget=forms.Textarea(attrs={"rows": 3}),
                                   help_text=_("The kind of ideas you hope to receive."))
    starts_at = forms.DateTimeField(label=_label("starts_at"), widget=_datetime_input())
    ends_at = forms.DateTimeField(label=_label("ends_at"), widget=_datetime_input())
    visibility = forms.ChoiceField(label=_label("visibility"), choices=Visibility, initial=Visibility.CONFIDENTIAL)


def mission_initial(mission: Mission) -> dict:
    return {name: getattr(mission, name) for name in MissionForm.base_fields}


class TaskForm(forms.Form):
    title = forms.CharField(label=_("Task"), max_length=200)
    description = forms.CharField(label=_("Description"), required=False,
                                  widget=forms.Textarea(attrs={"rows": 2}))


TaskFormSet = formset_factory(TaskForm, extra=2, can_delete=True, max_num=50, validate_max=True)


def tasks_initial(mission: Mission) -> list[dict]:
    return [{"title": t.title, "description": t.description} for t in mission.tasks.all()]


def tasks_from(formset) -> list[dict]:
    return [
        {"title": form.cleaned_data["title"], "description": form.cleaned_data.get("description", "")}
        for form in formset.forms if form.cleaned_data and not form.cleaned_data.get("DELETE")
    ]
