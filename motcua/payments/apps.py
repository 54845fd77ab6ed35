from django.apps import AppConfig


class PaymentsConfig(AppConfig):
    name = "motcua.payments"
    label = "payments"
    verbose_name = "Phí, lệ phí và thanh toán"

    def ready(self) -> None:
        # The blocking rule and the receipt's fee line reach the dossier services through the
        # hooks of motcua.dossiers.extensions (dossiers never import payments).
        from motcua.dossiers import extensions
        from motcua.payments import rules

        extensions.register_gate(rules.fees_gate)
        extensions.register_fees_text(rules.fees_text)
