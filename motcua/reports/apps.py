from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "motcua.reports"
    label = "reports"
    verbose_name = "Báo cáo, số liệu tổng hợp"

    def ready(self) -> None:
        from motcua.dossiers.extensions import register_event_hook
        from motcua.reports.figures import refresh_on_commit

        register_event_hook(refresh_on_commit)
