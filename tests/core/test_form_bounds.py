"""Every text a page's form takes is bounded, as the API bounds it (cocreate.core.limits,
used by the schemas): the probe behind issue 12 stored a 26,000-character expertise through the
profile page after the API had learnt to refuse it. This walks every form class of the project
(every module of the ``cocreate`` package is imported, so forms written inside views count too),
builds each one with the fields it makes at run time, and asserts that every ``CharField`` has
a ``max_length``, unless it is listed below with the reason why not."""

import importlib
import inspect
import pkgutil
import sys

import pytest
from django import forms

import cocreate
from cocreate.accounts.models import User
from cocreate.ideas.models import Idea
from cocreate.missions.models import Mission
from cocreate.missions.types import registered
from cocreate.missions.types.base import ConfigForm, DetailsForm
from cocreate.recruiting.enums import QuestionKind
from tests import factories as f

pytestmark = pytest.mark.django_db

# Free-text fields left without a bound, each with its reason. A field named "prefix*" stands
# for the fields a form makes at run time under that prefix.
EXCLUDED = {
    ("cocreate.accounts.forms.AccountDeleteForm", "password"): (
        "checked against the stored hash and never kept; allauth sets passwords without an upper bound, "
        "so a bound here could keep a person with a longer password from deleting their account"
    ),
}


def form_classes() -> list[type[forms.BaseForm]]:
    """Every form class defined in the cocreate package, by its dotted name."""
    for module in pkgutil.walk_packages(cocreate.__path__, "cocreate."):
        if ".migrations" not in module.name and ".management" not in module.name:
            importlib.import_module(module.name)
    found = {}
    for name, module in list(sys.modules.items()):
        if name == "cocreate" or name.startswith("cocreate."):
            for value in vars(module).values():
                if (
                    inspect.isclass(value)
                    and issubclass(value, forms.BaseForm)
                    and value.__module__.startswith("cocreate.")
                ):
                    found[f"{value.__module__}.{value.__qualname__}"] = value
    return [found[name] for name in sorted(found)]


def survey_mission(lab) -> Mission:
    """A survey whose questions make every kind of answer field."""
    return Mission(
        program=lab.program,
        kind="survey",
        title="Survey",
        config={
            "questions": [
                {"key": "q1", "text": "Why?", "kind": "text", "options": [], "required": True},
                {"key": "q2", "text": "Which?", "kind": "single", "options": ["A", "B"], "required": True},
            ]
        },
    )


def type_form(cls, lab):
    """A mission type's form, made by the type it belongs to."""
    for kind in registered():
        mission = survey_mission(lab) if kind.key == "survey" else Mission(program=lab.program, kind=kind.key)
        for form in (kind.details_form(mission), kind.config_form(mission=mission)):
            if form is not None and type(form) is cls:
                return form
    # The bases themselves, with a type that adds nothing to them.
    return cls(mission_type=registered()[0])


# Arguments that mean something else to one form: a review's criteria are a round's rubric,
# all scored as numbers (no text to bound).
OVERRIDES = {"cocreate.recruiting.forms.ReviewForm": {"criteria": []}}


def build(cls, lab) -> forms.BaseForm:
    """An instance of ``cls`` with the arguments its constructor asks for, taken from the lab."""
    if issubclass(cls, (DetailsForm, ConfigForm)):
        return type_form(cls, lab)
    questions = [
        f.QuestionFactory(
            recruitment=lab.recruitment,
            kind=kind,
            text=f"A {kind} question",
            max_length=140 if kind == QuestionKind.SHORT else None,
            choices=["A", "B"] if kind == QuestionKind.CHOICE else [],
        )
        for kind in QuestionKind.values
    ]
    people = User.objects.order_by("pk")
    arguments = {
        "organization": lab.org,
        "criteria": lab.criteria,
        "ideas": Idea.objects.order_by("pk"),
        "judges": people,
        "people": people,
        "candidates": people,
        "verbs": ["idea.submitted"],
        "target_types": ["ideas.idea"],
        "mission": lab.mission,
        "recruitment": lab.recruitment,
        "questions": questions,
        "user": lab.users["member"],
        "columns": ["Name"],
        "targets": [("name", "Name")],
        "mapping": {},
        "sub_missions": [],
        "ranking": [],
    }
    arguments |= OVERRIDES.get(f"{cls.__module__}.{cls.__qualname__}", {})
    needed = [
        p.name
        for p in inspect.signature(cls.__init__).parameters.values()
        if p.kind == p.KEYWORD_ONLY and p.default is p.empty
    ]
    missing = [name for name in needed if name not in arguments]
    assert not missing, f"{cls.__qualname__} needs {missing}: add them to build() in this test"
    return cls(**{name: arguments[name] for name in needed})


def matches(exclusion: tuple[str, str], form_name: str, field_name: str) -> bool:
    form, field = exclusion
    return form == form_name and (field == field_name or (field.endswith("*") and field_name.startswith(field[:-1])))


def test_every_text_field_of_every_form_has_a_max_length(lab):
    unbounded, seen = [], set()
    classes = form_classes()
    assert len(classes) > 90  # the walk found the forms (98 when this was written)
    for cls in classes:
        name = f"{cls.__module__}.{cls.__qualname__}"
        form = build(cls, lab)
        for field_name, field in form.fields.items():
            if isinstance(field, forms.CharField):
                seen.add((name, field_name))
                if field.max_length is None and not any(matches(key, name, field_name) for key in EXCLUDED):
                    unbounded.append(f"{name}.{field_name}")
    assert unbounded == [], "\n".join(unbounded)
    # Every exclusion still names a real text field: a renamed one must not keep its pass.
    assert [key for key in EXCLUDED if not any(matches(key, *field) for field in seen)] == []


def test_the_walk_sees_fields_made_at_run_time(lab):
    """Forms whose fields depend on the data (a profile from the model, a scorecard per
    criterion, a survey's questions) are built, not read from their class."""
    names = {f"{cls.__module__}.{cls.__qualname__}": set(build(cls, lab).fields) for cls in form_classes()}
    assert {"expertise", "social_links"} <= names["cocreate.accounts.forms.ProfileForm"]
    assert {f"comment_{c.pk}" for c in lab.criteria} <= names["cocreate.evaluation.forms.ScoreForm"]
    assert "answer_q1" in names["cocreate.missions.types.survey.SurveyForm"]
    assert "evaluators" in names["cocreate.programs.forms.AgreementForm"]
