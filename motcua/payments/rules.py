"""The blocking rule and the receipt slip's fee line, plugged into the dossier services
through motcua.dossiers.extensions (registered in PaymentsConfig.ready).

A fee due at a stage stops the dossier at that point until it is paid or exempted:
- at reception: the dossier cannot leave the desk (transfer, forward), get a result or be
  returned;
- before the result: the result cannot be returned;
- as a financial obligation: the obligation cannot be recorded as fulfilled (the clock stays
  paused).
"""

from __future__ import annotations

from motcua.core.errors import Conflict
from motcua.core.money import format_vnd
from motcua.dossiers.models import Dossier
from motcua.dossiers.workflow import Action
from motcua.payments.models import AssessmentStatus, FeeAssessment, FeeStage

BLOCKED_ACTIONS: dict[str, frozenset[str]] = {
    FeeStage.RECEPTION: frozenset(
        {Action.TRANSFER, Action.FORWARD, Action.ATTACH_RESULT, Action.RETURN}
    ),
    FeeStage.BEFORE_RESULT: frozenset({Action.RETURN}),
    FeeStage.OBLIGATION: frozenset({Action.OBLIGATION_PAID}),
}
_ANY_BLOCKED = frozenset().union(*BLOCKED_ACTIONS.values())


class FeesDue(Conflict):
    """A fee due at this point is neither paid nor exempted (409)."""


def unpaid(dossier: Dossier, action: str) -> FeeAssessment | None:
    """The assessment that blocks `action` on `dossier`, if any."""
    if action not in _ANY_BLOCKED:
        return None
    stages = [s for s, actions in BLOCKED_ACTIONS.items() if action in actions]
    return (
        FeeAssessment.objects.filter(
            dossier_id=dossier.pk, stage__in=stages, status=AssessmentStatus.DUE
        )
        .order_by("assessed_at", "pk")
        .first()
    )


def fees_gate(dossier: Dossier, action: str) -> None:
    due = unpaid(dossier, action)
    if due is not None:
        raise FeesDue(
            f"Hồ sơ còn phí, lệ phí chưa nộp ({format_vnd(due.total)}, "
            f"{FeeStage(due.stage).label.lower()}): phải nộp hoặc được miễn trước khi "
            f"“{Action(action).label}”.",
            field="fees",
            assessment=due.pk,
            amount=due.total,
        )


def fees_text(dossier: Dossier) -> str:
    """Line 7 of the receipt slip: each live assessment's lines, exemptions and state."""
    parts: list[str] = []
    assessments = (
        FeeAssessment.objects.filter(dossier_id=dossier.pk)
        .exclude(status=AssessmentStatus.CANCELLED)
        .prefetch_related("lines")
        .order_by("assessed_at", "pk")
    )
    for a in assessments:
        lines = []
        for line in a.lines.all():
            if line.exemption_name:
                lines.append(f"{line.name}: miễn ({line.exemption_name}; {line.exemption_ground})")
            elif line.quantity > 1:
                lines.append(
                    f"{line.name}: {format_vnd(line.unit_amount)} × {line.quantity} = "
                    f"{format_vnd(line.amount)}"
                )
            else:
                lines.append(f"{line.name}: {format_vnd(line.amount)}")
        state = "đã nộp" if a.status == AssessmentStatus.SETTLED and a.total else "chưa nộp"
        if a.total == 0:
            state = "được miễn"
        parts.append("; ".join(lines) + f". Tổng: {format_vnd(a.total)} ({state})")
    return " ".join(parts)
