from datetime import datetime

from ninja import Field, Schema

from cocreate.core.api import Id


class NotificationOut(Schema):
    id: int
    kind: str = Field(description="e.g. idea_decided, application_selected, outcome_progress")
    subject: str = Field(description="In the language of the request.")
    body: str
    url: str = Field(description="The page it is about, relative to the site.")
    created_at: datetime
    read: bool


class NotificationFilter(Schema):
    unread: bool = Field(False, description="Only the notifications you have not read.")


class MarkReadIn(Schema):
    id: Id | None = Field(None, description="One notification; leave out to mark all read.")


class MarkReadOut(Schema):
    marked: int = Field(description="How many notifications changed to read.")
