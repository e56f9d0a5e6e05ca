from datetime import datetime

from ninja import Field, Schema

from cocreate.core.api import MAX_SMALL, TEXT, UserRef
from cocreate.ideas.enums import IdeaState


class OutcomeBriefOut(Schema):
    id: int
    department: str
    progress: int = Field(description="Percent done.")
    updated_at: datetime


class IdeaRef(Schema):
    id: int
    title: str
    state: IdeaState
    author: UserRef


class OutcomeOut(OutcomeBriefOut):
    department_id: int
    idea: IdeaRef
    created_at: datetime
    can_update: bool


class OutcomeUpdateOut(Schema):
    id: int
    author: UserRef
    text: str
    progress: int
    created_at: datetime


class OutcomeUpdateIn(Schema):
    text: str = Field(max_length=TEXT)
    progress: int = Field(ge=-MAX_SMALL, le=MAX_SMALL, description="0–100; 100 marks the idea implemented.")
