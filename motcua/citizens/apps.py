from django.apps import AppConfig


class CitizensConfig(AppConfig):
    name = "motcua.citizens"
    label = "citizens"
    verbose_name = "Tài khoản công dân, doanh nghiệp"
