"""Survey / poll missions: questions of four kinds (one choice, several choices, a scale, free
text), answered once per participant. Only the author and staff see single responses; the
review screen shows the answers added up per question."""

import re

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext, pgettext_lazy

from .base import (
    Ability,
    ConfigForm,
    DetailsForm,
    MissionType,
    Problems,
    as_int,
    give_keys,
    refuse_breaking_change,
    register,
    share,
    text_value,
)

KINDS = [("single", pgettext_lazy("survey question kind", "One choice")),
         ("multiple", pgettext_lazy("survey question kind", "Several choices")),
         ("scale", pgettext_lazy("survey question kind", "Scale")),
         ("text", pgettext_lazy("survey question kind", "Free text"))]
CHOICE_KINDS = {"single", "multiple"}
TEXT_LIMIT = 2000
QUESTION_LIMIT = 500
OPTION_LIMIT = 200
MIN_OPTIONS, MAX_OPTIONS = 2, 20
MAX_QUESTIONS = 50
# The questions' text: every question at its longest with its key, kind and every option, with
# as much again for spaces and blank lines, so no survey the settings accept is refused for its length.
QUESTIONS_TEXT_LIMIT = 2 * MAX_QUESTIONS * (QUESTION_LIMIT + 100 + MAX_OPTIONS * (OPTION_LIMIT + 3))
SCALE_LOWEST, SCALE_HIGHEST = 0, 10
KEY_RE = re.compile(r"^[a-z0-9_]{1,40}$")
HEADER_RE = re.compile(r"^(?:\[(?P<key>[^\]]*)\]\s*)?(?P<text>[^|]*?)\s*(?:\|(?P<rest>.*))?$")
SCALE_RE = re.compile(r"^(?P<min>\d+)\s*[-–~]\s*(?P<max>\d+)$")


# The keywords as literals, so that makemessages finds them (the lookup below uses a variable).
KIND_KEYWORDS = [pgettext_lazy("survey question kind keyword", "single"),
                 pgettext_lazy("survey question kind keyword", "multiple"),
                 pgettext_lazy("survey question kind keyword", "scale"),
                 pgettext_lazy("survey question kind keyword", "text")]


def _kind_words() -> dict[str, str]:
    """Words a manager may write for a kind or for "optional", in English and in the language
    they use (so a Korean manager can write 척도 for scale)."""
    words = {k: k for k, _label in KINDS}
    words.update({pgettext("survey question kind keyword", k).casefold(): k for k, _label in KINDS})
    return words


def _optional_words() -> set[str]:
    return {"optional", pgettext("survey question keyword", "optional").casefold()}


def parse_questions(text: str) -> list[dict]:
    """Questions as a manager types them. A question is a line, with after bars its kind and
    whether it is optional: ``How satisfied are you? | scale 1-5``, ``What would you change? |
    text | optional``. Lines starting with "-" under a question are its options (kind "single"
    unless "multiple" is written). The form shows saved questions with their key in front,
    ``[q1] …``, which keeps their answers when the text changes."""
    p = Problems()
    questions: list[dict] = []
    kind_words, optional_words = _kind_words(), _optional_words()
    for number, raw in enumerate((text or "").splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        if line[0] in "-*•":
            if not questions:
                p.add(_("Line %(line)s: an option must follow its question."), "option_without_question",
                      "questions", line=number)
                continue
            questions[-1]["options"].append(line[1:].strip())
            continue
        match = HEADER_RE.match(line)
        question = {"key": (match["key"] or "").strip(), "text": match["text"].strip(), "kind": "", "options": [],
                    "required": True}
        for part in (match["rest"] or "").split("|"):
            words = part.strip().split(None, 1)
            if not words:
                continue
            word = words[0].casefold()
            if word in optional_words:
                question["required"] = False
            elif word in kind_words:
                question["kind"] = kind_words[word]
                if question["kind"] == "scale" and len(words) > 1:
                    scale = SCALE_RE.match(words[1].strip())
                    if not scale:
                        p.add(_("Line %(line)s: write the scale as lowest-highest, e.g. “scale 1-5”."),
                              "scale_unreadable", "questions", line=number)
                    else:
                        question.update(min=int(scale["min"]), max=int(scale["max"]))
            else:
                p.add(_("Line %(line)s: “%(word)s” is not a kind of question (single, multiple, scale, text) "
                        "nor “optional”."), "unknown_word", "questions", line=number, word=part.strip())
        questions.append(question)
    for q in questions:
        q["kind"] = q["kind"] or ("single" if q["options"] else "text")
    p.raise_if_any()
    return questions


def questions_text(questions: list[dict]) -> str:
    blocks = []
    for q in questions:
        head = f"[{q['key']}] {q['text']} | {q['kind']}"
        if q["kind"] == "scale":
            head += f" {q['min']}-{q['max']}"
        if not q["required"]:
            head += " | optional"
        blocks.append("\n".join([head, *(f"- {o}" for o in q["options"])]))
    return "\n\n".join(blocks)


class SurveyForm(DetailsForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = self.mission_type.effective_config(self.mission)["questions"]
        for q in self.questions:
            name, required = f"answer_{q['key']}", q["required"] and not self.draft
            if q["kind"] == "single":
                field = forms.ChoiceField(choices=[(o, o) for o in q["options"]], widget=forms.RadioSelect)
            elif q["kind"] == "multiple":
                field = forms.MultipleChoiceField(choices=[(o, o) for o in q["options"]],
                                                  widget=forms.CheckboxSelectMultiple)
            elif q["kind"] == "scale":
                field = forms.TypedChoiceField(coerce=int, widget=forms.RadioSelect,
                                               choices=[(v, str(v)) for v in range(q["min"], q["max"] + 1)],
                                               help_text=_("From %(min)s to %(max)s.") % {"min": q["min"],
                                                                                         "max": q["max"]})
            else:
                field = forms.CharField(max_length=TEXT_LIMIT, widget=forms.Textarea(attrs={"rows": 3}))
            field.label, field.required = q["text"], required
            self.fields[name] = field

    def to_details(self, cleaned):
        return {"answers": {q["key"]: cleaned.get(f"answer_{q['key']}") for q in self.questions}}


class SurveyConfigForm(ConfigForm):
    questions = forms.CharField(
        label=_("Questions"), max_length=QUESTIONS_TEXT_LIMIT, widget=forms.Textarea(attrs={"rows": 12}),
        help_text=_("One question per line; after a bar its kind: single, multiple, scale 1-5 or text, and "
                    "“| optional” if it may stay unanswered. Put the options of a choice question under it, one "
                    "per line starting with “-”. Example: “How did you hear of us? | single”, “- A friend”, "
                    "“- Instagram”. Keep the [key] in front of a saved question when you edit its text."))

    def to_config(self, cleaned):
        return {"questions": parse_questions(cleaned.get("questions") or "")}


@register
class Survey(MissionType):
    key = "survey"
    label = _("Survey / poll")
    description = _("Partners answer a few questions (choices, scales, free text); staff see the answers "
                    "added up per question.")
    submission_noun = pgettext_lazy("submission noun", "response")
    enables = frozenset({Ability.SUBMIT})
    peers_see_submissions = False
    review_template = "missions/types/survey_review.html"
    aggregate_template = "missions/types/survey_aggregate.html"

    def default_config(self):
        return {"questions": []}

    def config_form(self, data=None, initial=None, *, mission=None, **form_kwargs):
        return SurveyConfigForm(data, initial=initial, mission=mission, mission_type=self, **form_kwargs)

    def initial_config(self, mission):
        return {"questions": questions_text(self.effective_config(mission)["questions"])}

    def clean_config(self, config, *, previous=None, has_submissions=False):
        given = (config or {}).get("questions")
        if isinstance(given, str):
            given = parse_questions(given)
        previous_questions = (previous or {}).get("questions") or []
        by_text = {text_value(q.get("text")).casefold(): q.get("key") for q in previous_questions}
        p = Problems()
        questions, keys = [], set()
        for raw in given or []:
            raw = raw if isinstance(raw, dict) else {"text": raw}
            text = text_value(raw.get("text"))
            if not text:
                p.add(_("Every question needs its text."), "text_required", "questions")
                continue
            if len(text) > QUESTION_LIMIT:
                p.add(_("“%(question)s”: a question can be at most %(limit)s characters long."), "question_too_long",
                      "questions", question=text[:40], limit=QUESTION_LIMIT)
            kind = text_value(raw.get("kind")) or "text"
            if kind not in {k for k, _label in KINDS}:
                p.add(_("“%(question)s”: “%(kind)s” is not a kind of question (single, multiple, scale, text)."),
                      "bad_kind", "questions", question=text, kind=kind)
            question = {"key": text_value(raw.get("key")) or by_text.get(text.casefold()) or "", "text": text,
                        "kind": kind, "options": [], "min": None, "max": None,
                        "required": bool(raw.get("required", True))}
            if kind in CHOICE_KINDS:
                options = [text_value(o) for o in raw.get("options") or [] if text_value(o)]
                if len({o.casefold() for o in options}) != len(options):
                    p.add(_("“%(question)s”: each option may appear only once."), "option_repeated", "questions",
                          question=text)
                if not (MIN_OPTIONS <= len(options) <= MAX_OPTIONS):
                    p.add(_("“%(question)s”: give from %(min)s to %(max)s options."), "options_count", "questions",
                          question=text, min=MIN_OPTIONS, max=MAX_OPTIONS)
                if any(len(o) > OPTION_LIMIT for o in options):
                    p.add(_("“%(question)s”: an option can be at most %(limit)s characters long."),
                          "option_too_long", "questions", question=text, limit=OPTION_LIMIT)
                question["options"] = options
            elif kind == "scale":
                low, high = as_int(raw.get("min", 1)), as_int(raw.get("max", 5))
                if low is None or high is None or not (SCALE_LOWEST <= low < high <= SCALE_HIGHEST):
                    p.add(_("“%(question)s”: the scale runs from a lowest to a higher highest value, within "
                            "%(a)s–%(b)s."), "bad_scale", "questions", question=text, a=SCALE_LOWEST, b=SCALE_HIGHEST)
                question.update(min=low, max=high)
            key = question["key"]
            if key and not KEY_RE.match(key):
                p.add(_("“%(question)s”: the key “%(key)s” may hold only small letters, digits and _."), "bad_key",
                      "questions", question=text, key=key)
            if key and key in keys:
                p.add(_("The key “%(key)s” is used twice."), "key_repeated", "questions", key=key)
            keys.add(key)
            questions.append(question)
        if not questions and not p:
            p.add(_("The survey needs at least one question."), "questions_required", "questions")
        if len(questions) > MAX_QUESTIONS:
            p.add(_("A survey can have at most %(limit)s questions."), "too_many_questions", "questions",
                  limit=MAX_QUESTIONS)
        p.raise_if_any()
        give_keys(questions, taken=keys | {q.get("key") for q in previous_questions}, prefix="q")
        return refuse_breaking_change(self, previous, {"questions": questions}, has_submissions=has_submissions)

    def config_change_problems(self, old, new):
        now_by_key = {q["key"]: q for q in (new or {}).get("questions") or []}
        p = Problems()
        for q in (old or {}).get("questions") or []:
            now = now_by_key.get(q.get("key"))
            if now is None:
                p.add(_("“%(question)s” cannot be removed: responses already answer it."), "question_removed",
                      "questions", question=q.get("text"))
            elif now["kind"] != q.get("kind"):
                p.add(_("“%(question)s” cannot change its kind: responses already answer it."), "kind_changed",
                      "questions", question=q.get("text"))
            elif q.get("kind") == "scale" and (now["min"], now["max"]) != (q.get("min"), q.get("max")):
                p.add(_("The scale of “%(question)s” cannot change: responses already use it."), "scale_changed",
                      "questions", question=q.get("text"))
            else:
                for option in q.get("options") or []:
                    if option not in now["options"]:
                        p.add(_("“%(question)s”: the option “%(option)s” cannot be removed or renamed: responses "
                                "already chose from it."), "option_removed", "questions", question=q.get("text"),
                              option=option)
        return p.errors

    def details_form(self, mission, data=None, initial=None, *, draft=False, **form_kwargs):
        answers = (initial or {}).get("answers") or {}
        flat = {f"answer_{k}": v for k, v in answers.items() if v not in (None, "", [])}
        return SurveyForm(data, initial=flat, mission=mission, mission_type=self, draft=draft, **form_kwargs)

    def clean_details(self, mission, details, *, draft=False):
        answers = (details or {}).get("answers") or {}
        if not isinstance(answers, dict):
            answers = {}
        p = Problems()
        clean = {}
        for q in self.effective_config(mission)["questions"]:
            field, value = f"answer_{q['key']}", answers.get(q["key"])
            if value in (None, "", []):
                if q["required"] and not draft:
                    p.add(_("“%(question)s” needs an answer."), "answer_required", field, question=q["text"])
                continue
            if q["kind"] == "single":
                value = text_value(value)
                if value not in q["options"]:
                    p.add(_("“%(question)s”: “%(option)s” is not one of the options."), "not_an_option", field,
                          question=q["text"], option=value)
                    continue
            elif q["kind"] == "multiple":
                chosen = [text_value(v) for v in (value if isinstance(value, list | tuple) else [value])]
                wrong = [c for c in chosen if c not in q["options"]]
                for c in wrong:
                    p.add(_("“%(question)s”: “%(option)s” is not one of the options."), "not_an_option", field,
                          question=q["text"], option=c)
                if wrong:
                    continue
                value = [o for o in q["options"] if o in chosen]
            elif q["kind"] == "scale":
                number = as_int(value)
                if number is None or not (q["min"] <= number <= q["max"]):
                    p.add(_("“%(question)s”: give a value from %(min)s to %(max)s."), "out_of_range", field,
                          question=q["text"], min=q["min"], max=q["max"])
                    continue
                value = number
            else:
                value = text_value(value)
                if len(value) > TEXT_LIMIT:
                    p.add(_("“%(question)s”: an answer can be at most %(limit)s characters long (now %(length)s)."),
                          "too_long", field, question=q["text"], limit=TEXT_LIMIT, length=len(value))
                    continue
            clean[q["key"]] = value
        p.raise_if_any()
        return {"answers": clean}

    def _answers(self, mission, details):
        answers = (details or {}).get("answers") or {}
        rows = []
        for q in self.effective_config(mission)["questions"]:
            value = answers.get(q["key"])
            if value in (None, "", []):
                continue
            text = ", ".join(value) if isinstance(value, list) else str(value)
            if q["kind"] == "scale":
                text = f"{value} / {q['max']}"
            rows.append({"key": q["key"], "question": q["text"], "kind": q["kind"], "value": value, "text": text})
        return rows

    def summary(self, mission, details):
        return [(r["question"], r["text"]) for r in self._answers(mission, details)]

    def review_context(self, mission, idea):
        return {"answers": self._answers(mission, idea.details or {})}

    def aggregate(self, mission, details_list):
        results = []
        all_answers = [((d or {}).get("answers") or {}) for d in details_list]
        for q in self.effective_config(mission)["questions"]:
            given = [a[q["key"]] for a in all_answers if a.get(q["key"]) not in (None, "", [])]
            n = len(given)
            result = {"key": q["key"], "text": q["text"], "kind": q["kind"], "answered": n}
            if q["kind"] in CHOICE_KINDS:
                result["options"] = [
                    {"label": o, "count": c, "share": share(c, n)} for o in q["options"]
                    for c in [sum(1 for v in given if (o in v if isinstance(v, list) else v == o))]]
            elif q["kind"] == "scale":
                values = [v for v in given if isinstance(v, int)]
                result["mean"] = round(sum(values) / len(values), 2) if values else None
                result["distribution"] = [{"value": v, "count": c, "share": share(c, len(values))}
                                          for v in range(q["min"], q["max"] + 1) for c in [values.count(v)]]
            else:
                result["text_count"] = n
            results.append(result)
        return {"n": len(details_list), "questions": results}


