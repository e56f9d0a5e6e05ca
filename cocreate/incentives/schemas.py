from datetime import datetime
from decimal import Decimal

from ninja import Field, Schema

from cocreate.core.api import MAX_INT, MAX_SMALL, TEXT, TITLE, Id, PageParams, UserRef

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
    title: str = Field(max_length=TITLE)
    description: str = Field("", max_length=TEXT)
    invitation_to: InvitationPlace | None = None
    amount: Decimal | None = Field(None, ge=0, max_digits=12, decimal_places=2)
    currency: str = Field("", max_length=3)
    quantity: int | None = Field(None, ge=1, le=MAX_INT)
    budget: Decimal | None = Field(None, ge=0, max_digits=14, decimal_places=2)
    condition: Condition = Condition.MANUAL
    mission_id: Id | None = None
    top_n: int | None = Field(None, ge=1, le=MAX_INT)
    order: int | None = Field(None, ge=0, le=MAX_SMALL)


class IncentivePatch(Schema):
    kind: IncentiveKind | None = None
    nature: Nature | None = None
    title: str | None = Field(None, max_length=TITLE)
    description: str | None = Field(None, max_length=TEXT)
    invitation_to: InvitationPlace | None = None
    amount: Decimal | None = Field(None, ge=0, max_digits=12, decimal_places=2)
    currency: str | None = Field(None, max_length=3)
    quantity: int | None = Field(None, ge=1, le=MAX_INT)
    budget: Decimal | None = Field(None, ge=0, max_digits=14, decimal_places=2)
    condition: Condition | None = None
    mission_id: Id | None = None
    top_n: int | None = Field(None, ge=1, le=MAX_INT)
    order: int | None = Field(None, ge=0, le=MAX_SMALL)


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
    incentive_id: Id | None = None
    q: str = Field("", max_length=200, description="Name or email.")


class GrantIn(Schema):
    user_id: Id = Field(description="A partner of the program.")
    reason: str = Field(max_length=2000)
    source: str | None = Field(None, max_length=TITLE,
                               description="What earned it; one grant per (incentive, person, source).")


class CancelIn(Schema):
    reason: str = Field(max_length=2000)


class EvaluationOut(Schema):
    granted: int
    already: int
    refused: int
