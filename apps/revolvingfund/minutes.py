"""The round's ranking in the subcommittee's minutes (`apps.committees.minutes`): under the
agenda item "revolvingfund.round:<id>", the ranking list as it stands when the minutes are
printed (the proposal, then the confirmed result)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from apps.revolvingfund.documents import OUTCOME_TH
from apps.revolvingfund.models import Round
from core.thai import format_baht

if TYPE_CHECKING:
    from apps.committees.minutes import MinutesTable
    from apps.committees.models import AgendaItem


def ranking_table(item: AgendaItem) -> MinutesTable | None:
    from apps.committees.minutes import MinutesTable

    try:
        round_id = int(item.subject.split(":", 1)[1])
    except (IndexError, ValueError):
        return None
    round_ = Round.objects.filter(pk=round_id).first()
    if round_ is None or round_.ranked_at is None:
        return None
    rows = []
    for a in (
        round_.applications.exclude(status="withdrawn")
        .select_related("person")
        .order_by("rank", "received_at", "id")
    ):
        outcome = a.status if a.decided_at else (a.proposed_outcome or a.status)
        amount = a.approved_amount if a.decided_at else a.proposed_amount
        rows.append(
            [
                str(a.rank or "-"),
                a.number,
                a.person.full_name_th,
                "" if a.score_total is None else f"{a.score_total}",
                format_baht(a.amount_requested),
                OUTCOME_TH.get(outcome, outcome),
                "" if amount is None else format_baht(amount),
            ]
        )
    return MinutesTable(
        title=f"ผลการจัดลำดับภายในวงเงินจัดสรร {format_baht(round_.allocation_amount)} บาท",
        columns=["ลำดับ", "เลขที่คำขอ", "ชื่อ-สกุล", "คะแนน", "วงเงินที่ขอ", "ผล", "วงเงินที่อนุมัติ"],
        rows=rows,
        widths=[0.6, 1.1, 2.4, 0.8, 1.3, 1.0, 1.3],
    )
