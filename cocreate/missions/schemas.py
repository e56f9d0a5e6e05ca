from datetime import datetime

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
    is_confidential: bool = Field(description="Seen only by staff and partners who accepted the agreement.")
    is_open: bool = Field(description="Ideas can be submitted now.")
    idea_count: int | None = Field(description="Ideas submitted so far.")
    tasks: list[TaskOut]
    can_submit: bool = Field(description="Whether you may submit an idea to it now.")

    @classmethod
    def of(cls, user, mission) -> "MissionOut":
        return cls(
            **{f: getattr(mission, f)
               for f in ("id", "title", "brief", "wanted_ideas", "starts_at", "ends_at", "is_confidential")},
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
    is_confidential: bool = Field(True, description="Seen only by staff and partners who accepted.")
    tasks: list[TaskIn] = Field(default_factory=list)
