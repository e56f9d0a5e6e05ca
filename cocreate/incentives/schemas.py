from datetime import datetime
from decimal import Decimal

from ninja import Field, Schema

from cocreate.core.api import PageParams, UserRef

from .enums import Condition, GrantStatus, IncentiveKind, InvitationPlace, Nature


class IncentiveOut(Schema):
    id: int
    kind: IncentiveKind
    nature: Nature
    title: str
    description: str
    invitation_to: InvitationPlace | None
    amount: Decimal | None = Field(description="Money per person (cash, prize) or stated value.")
    currency: str
    quantity: int | None
    budget: Decimal | None
    condition: Condition
    mission_id: int | None
    top_n: int | None
    order: int


class BalanceOut(Schema):
    extrinsic: int
    intrinsic: int
    extrinsic_share: float | None = Field(description="Share of extrinsic items, 0–1.")
    extrinsic_value: dict[str, Decimal] = Field(description="Stated extrinsic value per currency.")
    extrinsic_dominates: bool = Field(description="Extrinsic items > 2/3 of all, or no intrinsic item.")


class PortfolioOut(Schema):
    balance: BalanceOut
    items: list[IncentiveOut]


class IncentiveIn(Schema):
    kind: IncentiveKind
    nature: Nature | None = Field(None, description="Default from the kind.")
    title: str
    description: str = ""
    invitation_to: InvitationPlace | None = None
    amount: Decimal | None = None
    currency: str = ""
    quantity: int | None = Field(None, ge=1)
    budget: Decimal | None = Field(None, ge=0)
    condition: Condition = Condition.MANUAL
    mission_id: int | None = None
    top_n: int | None = Field(None, ge=1)
    order: int | None = Field(None, ge=0)


class IncentivePatch(Schema):
    kind: IncentiveKind | None = None
    nature: Nature | None = None
    title: str | None = None
    description: str | None = None
    invitation_to: InvitationPlace | None = None
    amount: Decimal | None = None
    currency: str | None = None
    quantity: int | None = Field(None, ge=1)
    budget: Decimal | None = Field(None, ge=0)
    condition: Condition | None = None
    mission_id: int | None = None
    top_n: int | None = Field(None, ge=1)
    order: int | None = Field(None, ge=0)


class GrantOut(Schema):
    id: int
    incentive_id: int
    incentive: str
    user: UserRef
    reason: str
    source: str
    status: GrantStatus
    granted_at: datetime
    delivered_at: datetime | None
    delivered_by: UserRef | None
    cancelled_at: datetime | None
    cancel_reason: str


class MyGrantOut(GrantOut):
    organization: str
    program: str
    program_title: str
    kind: IncentiveKind


class LedgerFilter(PageParams):
    status: GrantStatus | None = None
    incentive_id: int | None = None
    q: str = Field("", description="Name or email.")


class GrantIn(Schema):
    user_id: int = Field(description="A partner of the program.")
    reason: str
    source: str | None = Field(None, description="What earned it; one grant per (incentive, person, source).")


class CancelIn(Schema):
    reason: str


class EvaluationOut(Schema):
    granted: int
    already: int
    refused: int
