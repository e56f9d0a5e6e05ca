from datetime import date, datetime
from typing import Literal

from ninja import Field, Schema

from cocreate.core.api import MAX_INT, MAX_SMALL, PROFILE_TEXT
from cocreate.organizations.enums import Role

from .enums import Gender, Language


class MembershipOut(Schema):
    organization: str = Field(description="The organization's slug.")
    organization_name: str
    role: Role
    department_id: int | None


class ProfileOut(Schema):
    id: int
    email: str
    name: str
    display_name: str
    language: Language
    birth_year: int | None
    gender: Gender
    region: str
    interests: str
    expertise: str
    languages: str
    follower_count: int
    social_links: str
    community_roles: str
    memberships: list[MembershipOut] = Field(description="The person's staff roles, per organization.")


class ProfileIn(Schema):
    """Send only the fields to change."""

    name: str = Field(None, max_length=100)
    language: Language = None
    # Bounded to what the column holds; the service refuses an unreal year in its own words.
    birth_year: int | None = Field(None, ge=-MAX_SMALL, le=MAX_SMALL)
    gender: Gender = None
    region: str = Field(None, max_length=100)
    interests: str = Field(None, max_length=500)
    expertise: str = Field(None, max_length=PROFILE_TEXT)
    languages: str = Field(None, max_length=200)
    follower_count: int = Field(None, ge=0, le=MAX_INT)
    social_links: str = Field(None, max_length=PROFILE_TEXT)
    community_roles: str = Field(None, max_length=300)


class TokenOut(Schema):
    id: int
    name: str
    prefix: str = Field(description="The first characters after `cc_`, to recognise the token.")
    created_at: datetime
    last_used_at: datetime | None
    expires_at: datetime = Field(description="From this moment on the token answers 401 `token_expired`.")
    expired: bool
    read_only: bool = Field(description="A read-only token answers 403 `token_read_only` to POST/PUT/PATCH/DELETE.")


class TokenIn(Schema):
    name: str = Field(max_length=100, description="A name to recognise the token by, e.g. “laptop script”.")
    expires_in_days: Literal[30, 90, 365] | None = Field(
        None, description="How long the token lives: 30, 90 or 365 days (90 when neither this nor `expires_on` "
                          "is sent).")
    expires_on: date | None = Field(None, description="Or the last day the token works (in the site's time "
                                                      "zone), at most a year ahead. Send one of the two, not both.")
    read_only: bool = Field(False, description="A read-only token may only read (GET).")


class TokenCreatedOut(TokenOut):
    secret: str = Field(description="The token itself. Shown this once; only its hash is kept.")
