from datetime import datetime
from typing import Literal

from ninja import Field, Schema


class TaskOut(Schema):
    id: int
    title: str
    description: str


class MissionOut(Schema):
    id: int
    title: str
    brief: str
    wanted_ideas: str
    starts_at: datetime
    ends_at: datetime
    visibility: str = Field(description="public, pool, cohort or confidential (partners who accepted the agreement).")
    is_open: bool = Field(description="Ideas can be submitted now.")
    idea_count: int | None = Field(description="Ideas submitted so far.")
    tasks: list[TaskOut]
    can_submit: bool = Field(description="Whether you may submit an idea to it now.")

    @classmethod
    def of(cls, user, mission) -> "MissionOut":
        return cls(
            **{f: getattr(mission, f)
               for f in ("id", "title", "brief", "wanted_ideas", "starts_at", "ends_at", "visibility")},
            is_open=mission.is_open(), idea_count=getattr(mission, "idea_count", None),
            tasks=[TaskOut.from_orm(t) for t in mission.tasks.all()],
            can_submit=user.has_perm("missions.submit_to_mission", mission),
        )


class TaskIn(Schema):
    title: str = Field(max_length=200)
    description: str = ""


class MissionIn(Schema):
    title: str = Field(max_length=200)
    brief: str
    starts_at: datetime
    ends_at: datetime
    wanted_ideas: str = ""
    visibility: Literal["public", "pool", "cohort", "confidential"] = Field(
        "confidential", description="Who sees the mission: everyone who sees the program, the pool, the "
        "cohort, or the partners who accepted the agreement.")
    tasks: list[TaskIn] = Field(default_factory=list)
