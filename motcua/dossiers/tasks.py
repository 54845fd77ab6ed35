"""Background tasks (Django Tasks API): outbox delivery, kicked after each commit."""

from __future__ import annotations

from django_tasks import task

from motcua.core.clock import now


@task()
def deliver_outbox(ids: list[int] | None = None, leased: bool = False) -> dict[str, int]:
    """Deliver the given outbox messages (or every due one)."""
    from motcua.dossiers.outbox import outbox_deliver

    return outbox_deliver(at=now(), ids=ids, leased=leased)
