"""What the reports need besides the requests (migration 0007_reports): the support desk's ticket counts."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base


class TicketCount(Base):
    """How many support tickets the support desk had from ``period_start`` to ``period_end``: a week or a day, recorded
    with `rfh tickets`. The bot sees only the requests; this is the denominator of the 10% goal (migration
    0007_reports)."""

    __tablename__ = "ticket_counts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    period_start: Mapped[date] = mapped_column(Date)
    period_end: Mapped[date] = mapped_column(Date)
    """Exclusive: a week's count runs from its Monday to the next Monday."""
    count: Mapped[int] = mapped_column(Integer)
    source: Mapped[str] = mapped_column(String(200))
    recorded_at: Mapped[datetime]

    __table_args__ = (UniqueConstraint("period_start", "period_end", name="uq_ticket_counts_period"),)
