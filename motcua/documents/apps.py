from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "motcua.documents"
    label = "documents"
    verbose_name = "Tệp, số hóa và kho dữ liệu"
    default_auto_field = "django.db.models.BigAutoField"
