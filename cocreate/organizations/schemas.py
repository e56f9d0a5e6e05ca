from ninja import Field, Schema

from .enums import Role


class OrganizationOut(Schema):
    slug: str
    name: str
    description: str
    open_channel_enabled: bool = Field(description="Whether any signed-in member may post ideas.")


class OrganizationDetailOut(OrganizationOut):
    my_roles: list[Role] = Field(description="Your roles in this organization (empty for visitors).")


class DepartmentOut(Schema):
    id: int
    name: str
    description: str
