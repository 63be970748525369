"""SQLAlchemy 2 models, one module per domain, all on one ``Base``: importing ``storage.models`` registers every
table, so ``Base.metadata`` (what Alembic's env and the migration test compare against) is the whole schema."""

from storage.models.base import Base, UtcDateTime
from storage.models.bridge import BridgedItem, PersonLink
from storage.models.customers import CustomerAlias, CustomerProfile, CustomerProfileVersion
from storage.models.delivery import Job, SeenDelivery, Step
from storage.models.events import OwnershipEventRow, RouteDecision, RouteSource, TimelineEvent, TimelineKind
from storage.models.learning import LearnCursor, LearnedExample, RoutingCalibration
from storage.models.queues import PriorityEvent, PriorityItem, PriorityList
from storage.models.related import IntakeWithdrawal, RequestAddOn
from storage.models.reports import TicketCount
from storage.models.requests import Request
from storage.models.reviews import TechReview

__all__ = [
    "Base", "UtcDateTime",
    "Request",
    "OwnershipEventRow", "RouteDecision", "RouteSource", "TimelineEvent", "TimelineKind",
    "Job", "SeenDelivery", "Step",
    "BridgedItem", "PersonLink",
    "RequestAddOn", "IntakeWithdrawal",
    "CustomerAlias", "CustomerProfile", "CustomerProfileVersion",
    "TechReview",
    "PriorityEvent", "PriorityItem", "PriorityList",
    "TicketCount",
    "LearnCursor", "LearnedExample", "RoutingCalibration",
]
