from django.apps import AppConfig


class SlipsConfig(AppConfig):
    """The legal slips and books of the one-stop desk, rendered to PDF (and the book to Excel).
    No models: the dossier app passes the contents as dataclasses (motcua.slips.contents)."""

    name = "motcua.slips"
    label = "slips"
    verbose_name = "Phiếu và sổ một cửa"
