from datetime import datetime
from typing import Annotated, Literal

from ninja import Field, Schema

from cocreate.core.api import LONG_TEXT, MAX_INT, MAX_ITEMS, MAX_SMALL, TEXT, DateTime, Id


class TaskOut(Schema):
    id: int
    title: str
    description: str


class DeliverableOut(Schema):
    id: int
    title: str
    description: str
    due_at: datetime


class SubMissionOut(Schema):
    id: int
    title: str
    description: str
    capacity: int | None


OUT_FIELDS = ("id", "kind", "title", "brief", "wanted_ideas", "not_wanted", "starts_at", "ends_at", "time_zone",
              "visibility", "capacity", "late_policy", "grace_minutes", "assignment", "choose_until",
              "team_size_max")


class MissionOut(Schema):
    id: int
    kind: str = Field(description="The mission type's key (see `/mission-types`).")
    type_label: str = Field(description="The mission type's name, in the language of the request.")
    enables: list[str] = Field(description="What submissions allow: submit, comment, support, pairwise, "
                               "purchase_intent.")
    title: str
    brief: str
    wanted_ideas: str
    not_wanted: str = Field(description="What not to do.")
    starts_at: datetime
    ends_at: datetime
    time_zone: str = Field(description="Dates are shown to participants in this time zone.")
    visibility: str = Field(description="public, pool, cohort or confidential (partners who accepted the agreement).")
    capacity: int | None = Field(description="How many people can take part; null for no limit.")
    places_left: int | None = Field(description="Capacity minus the people taking part; null for no limit.")
    late_policy: str = Field(description="refuse, mark_late or grace.")
    grace_minutes: int
    late_policy_sentence: str = Field(description="The deadline and what happens to late work, as told to "
                                      "participants.")
    assignment: str = Field(description="How sub-missions are chosen: first_come or preference.")
    choose_until: datetime | None
    team_size_max: int
    config: dict = Field(description="The mission type's settings.")
    is_open: bool = Field(description="Ideas can be submitted now.")
    idea_count: int = Field(description="Ideas submitted so far.")
    tasks: list[TaskOut]
    deliverables: list[DeliverableOut]
    sub_missions: list[SubMissionOut]
    can_submit: bool = Field(description="Whether you may submit an idea to it now.")
    can_take_part: bool = Field(description="Whether you may join it (apart from timing).")
    can_change: bool = Field(description="Whether you may edit it.")

    @classmethod
    def of(cls, user, mission) -> "MissionOut":
        from .submissions import late_policy_sentence

        kind = mission.type
        taking_part = getattr(mission, "participation_count", None)
        if taking_part is None and mission.capacity is not None:
            taking_part = mission.participations.count()
        idea_count = getattr(mission, "idea_count", None)
        if idea_count is None:
            idea_count = mission.ideas.exclude(state="draft").count()
        return cls(
            **{f: getattr(mission, f) for f in OUT_FIELDS},
            type_label=str(kind.label), enables=sorted(str(a) for a in kind.enables),
            config=kind.effective_config(mission),
            places_left=None if mission.capacity is None else max(mission.capacity - taking_part, 0),
            late_policy_sentence=late_policy_sentence(mission),
            is_open=mission.is_open(), idea_count=idea_count,
            tasks=[TaskOut.from_orm(t) for t in mission.tasks.all()],
            deliverables=[DeliverableOut.from_orm(d) for d in mission.deliverables.all()],
            sub_missions=[SubMissionOut.from_orm(s) for s in mission.sub_missions.all()],
            can_submit=user.has_perm("missions.submit_to_mission", mission),
            can_take_part=user.has_perm("missions.take_part", mission),
            can_change=user.has_perm("missions.change_mission", mission),
        )


class TaskIn(Schema):
    title: str = Field(max_length=200)
    description: str = Field("", max_length=TEXT)


class DeliverableIn(Schema):
    id: Id | None = Field(None, description="Keep this deliverable (its submissions stay with it); "
                          "without an id a new one is made.")
    title: str = Field(max_length=200)
    description: str = Field("", max_length=TEXT)
    due_at: DateTime = Field(description="Within the mission's period.")


class SubMissionIn(Schema):
    id: Id | None = Field(None, description="Keep this sub-mission; without an id a new one is made.")
    title: str = Field(max_length=200)
    description: str = Field("", max_length=TEXT)
    capacity: int | None = Field(None, ge=1, le=MAX_INT,
                                 description="How many people can choose it; null for no limit.")


Kind = Annotated[str, Field(max_length=64)]  # a registered mission type's key, checked by the service
VisibilityIn = Literal["public", "pool", "cohort", "confidential"]
LatePolicyIn = Literal["refuse", "mark_late", "grace"]
AssignmentIn = Literal["first_come", "preference"]


class MissionIn(Schema):
    """A whole mission: what is not sent takes its default (and a PUT replaces every list)."""

    kind: Kind = Field("co_development", description="A mission type's key (see `/mission-types`).")
    title: str = Field(max_length=200)
    brief: str = Field(max_length=LONG_TEXT)
    starts_at: DateTime
    ends_at: DateTime
    wanted_ideas: str = Field("", max_length=LONG_TEXT)
    not_wanted: str = Field("", max_length=LONG_TEXT, description="What not to do.")
    time_zone: str | None = Field(None, max_length=64, description="An IANA time zone such as Asia/Seoul; "
                                  "the site's by default.")
    visibility: VisibilityIn = Field(
        "confidential", description="Who sees the mission: everyone who sees the program, the pool, the "
        "cohort, or the partners who accepted the agreement.")
    capacity: int | None = Field(None, ge=1, le=MAX_INT, description="How many people can take part; null for "
                                 "no limit.")
    late_policy: LatePolicyIn = "refuse"
    grace_minutes: int = Field(0, ge=0, le=MAX_INT,
                               description="With the grace policy: how long late work is accepted.")
    assignment: AssignmentIn = "first_come"
    choose_until: DateTime | None = Field(None, description="With ranked preferences: when ranking ends.")
    team_size_max: int = Field(1, ge=1, le=MAX_SMALL, description="1 means everyone works alone (at most 20).")
    config: dict | None = Field(None, description="The mission type's settings (see `default_config` of "
                                "`/mission-types`); null keeps the current ones, or the type's defaults.")
    tasks: list[TaskIn] = Field(default_factory=list, max_length=MAX_ITEMS)
    deliverables: list[DeliverableIn] = Field(default_factory=list, max_length=MAX_ITEMS)
    sub_missions: list[SubMissionIn] = Field(default_factory=list, max_length=MAX_ITEMS)


class MissionPatchIn(Schema):
    """Only the fields sent change; a list sent replaces the current one (rows keep their id)."""

    kind: Kind | None = None
    title: str | None = Field(None, max_length=200)
    brief: str | None = Field(None, max_length=LONG_TEXT)
    starts_at: DateTime | None = None
    ends_at: DateTime | None = None
    wanted_ideas: str | None = Field(None, max_length=LONG_TEXT)
    not_wanted: str | None = Field(None, max_length=LONG_TEXT)
    time_zone: str | None = Field(None, max_length=64)
    visibility: VisibilityIn | None = None
    capacity: int | None = Field(None, ge=1, le=MAX_INT)
    late_policy: LatePolicyIn | None = None
    grace_minutes: int | None = Field(None, ge=0, le=MAX_INT)
    assignment: AssignmentIn | None = None
    choose_until: DateTime | None = None
    team_size_max: int | None = Field(None, ge=1, le=MAX_SMALL)
    config: dict | None = None
    tasks: list[TaskIn] | None = Field(None, max_length=MAX_ITEMS)
    deliverables: list[DeliverableIn] | None = Field(None, max_length=MAX_ITEMS)
    sub_missions: list[SubMissionIn] | None = Field(None, max_length=MAX_ITEMS)


class MissionTypeOut(Schema):
    key: str
    label: str
    description: str
    enables: list[str]
    accepts_attachments: bool
    peers_see_submissions: bool = Field(description="False: only the author and staff see the submissions.")
    submission_noun: str
    default_config: dict

    @classmethod
    def of(cls, kind) -> "MissionTypeOut":
        return cls(key=kind.key, label=str(kind.label), description=str(kind.description),
                   enables=sorted(str(a) for a in kind.enables), accepts_attachments=kind.accepts_attachments,
                   peers_see_submissions=kind.peers_see_submissions, submission_noun=str(kind.submission_noun),
                   default_config=kind.default_config())


# Submissions ------------------------------------------------------------------------------

class SubmissionIn(Schema):
    title: str = Field(max_length=200)
    body: str = Field("", max_length=LONG_TEXT)
    details: dict = Field(default_factory=dict, description="The mission type's own fields (see the type).")
    deliverable_id: Id | None = Field(None, description="The deliverable it answers; its due date is the deadline.")
    team_id: Id | None = Field(None, description="Your accepted team for this mission: every member is credited.")
    submit: bool = Field(False, description="Send it now; otherwise it stays a draft only you can see.")
    client_key: str = Field("", max_length=64, description="A random key of yours for this submission: a repeat "
                            "with the same key finds the first one instead of making a second.")


class AttachmentOut(Schema):
    id: int
    name: str
    content_type: str
    size: int
    url: str


class SubmissionOut(Schema):
    id: int
    mission_id: int
    title: str
    body: str
    state: str
    state_label: str
    details: dict
    is_late: bool = Field(description="Submitted after the deadline under a mark-late policy.")
    deliverable_id: int | None
    sub_mission_id: int | None
    team_id: int | None
    author: dict
    credits: list[dict] = Field(description="Everyone credited: the author and the team's members at submission.")
    attachments: list[AttachmentOut]
    created_at: datetime
    submitted_at: datetime | None

    @classmethod
    def of(cls, idea) -> "SubmissionOut":
        from django.urls import reverse

        org = idea.organization.slug
        return cls(
            id=idea.pk, mission_id=idea.mission_id, title=idea.title, body=idea.body, state=idea.state,
            state_label=str(idea.get_state_display()), details=idea.details or {}, is_late=idea.is_late,
            deliverable_id=idea.deliverable_id, sub_mission_id=idea.sub_mission_id, team_id=idea.team_id,
            author={"id": idea.author_id, "name": idea.author.display_name},
            credits=[{"id": c.user_id, "name": c.user.display_name} for c in idea.credits.all()],
            attachments=[AttachmentOut(id=a.pk, name=a.name, content_type=a.content_type, size=a.size,
                                       url=reverse("ideas:attachment", args=[org, idea.pk, a.pk]))
                         for a in idea.attachments.all()],
            created_at=idea.created_at, submitted_at=idea.submitted_at)


class SubmissionRefusedOut(Schema):
    detail: str
    code: str
    submission: SubmissionOut | None = Field(None, description="Late work refused by the policy: your text, "
                                             "kept as a draft.")


class PurchaseIntentIn(Schema):
    value: int = Field(ge=1, le=5, description="1 = surely not … 5 = surely.")


class PurchaseIntentOut(Schema):
    value: int | None = Field(description="Your answer.")
    count: int | None = Field(None, description="How many answered (for those who may see the results).")
    mean: float | None = None
