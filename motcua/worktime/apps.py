from django.apps import AppConfig


class WorktimeConfig(AppConfig):
    name = "motcua.worktime"
    label = "worktime"
    verbose_name = "Thời gian làm việc"

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_migrate, post_save

        from motcua.worktime import services
        from motcua.worktime.models import CalendarChange

        # Fail at start-up, naming the variable, if MOTCUA_WORKING_HOURS is unusable.
        services.working_hours()
        # Cache invalidation only (no business logic): the calendar changes are cached
        # per process; an edit, a migration or a test flush must be seen at once.
        post_save.connect(
            services.calendar_changed, sender=CalendarChange, dispatch_uid="worktime-saved"
        )
        post_delete.connect(
            services.calendar_changed, sender=CalendarChange, dispatch_uid="worktime-deleted"
        )
        post_migrate.connect(services.calendar_changed, dispatch_uid="worktime-migrated")
