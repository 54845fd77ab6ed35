"""Background work of the catalogue (Django Tasks API; immediate backend in dev and tests)."""

from __future__ import annotations

from django_tasks import task

from motcua.catalog import services
from motcua.core.clock import now, today


@task()
def catalog_import_run(job_id: int) -> str:
    """Run a queued ImportJob; returns its final status."""
    job = services.import_job_run(job_id=job_id, at=now())
    return job.status


@task()
def catalog_refresh_current() -> int:
    """Daily: mark the versions in force today as current (future-dated amendments)."""
    return services.procedure_refresh_current(on=today())
