"""Every write that matters on a dossier: one keyword-only function per transition, each in
one transaction that locks the dossier, checks the ALLOWED_TRANSITIONS table and the
caller's `version`, writes one DossierEvent and queues side effects in the outbox.

Split by phase: reception, processing (hand-overs), deadlines (supplement, obligation,
apology), closing (result, refusal, withdrawal, return), alerts (periodic job), codes.
"""

from motcua.dossiers.services._common import (
    CannotAct,
    MissingDocuments,
    RuleViolation,
    StaleVersion,
    WrongState,
)
from motcua.dossiers.services.alerts import dossier_alerts_run
from motcua.dossiers.services.closing import (
    dossier_attach_result,
    dossier_refuse_after_appraisal,
    dossier_request_withdrawal,
    dossier_return,
    dossier_stop,
)
from motcua.dossiers.services.codes import allocate_code, new_secret
from motcua.dossiers.services.deadlines import (
    dossier_apologize,
    dossier_obligation_paid,
    dossier_receive_supplement,
    dossier_request_obligation,
    dossier_request_supplement,
    supplement_window_end,
)
from motcua.dossiers.services.processing import (
    dossier_forward,
    step_assign,
    step_claim,
    step_consult,
    step_consult_answer,
    step_record_field_check,
    step_send_back,
    step_transfer,
)
from motcua.dossiers.services.reception import (
    ApplicantInput,
    DocumentInput,
    MissingItem,
    ReceptionInput,
    dossier_accept_online,
    dossier_receive,
    dossier_refuse_at_desk,
    dossier_request_supplement_at_desk,
    dossier_solve_same_day,
    dossier_submit_online,
)

__all__ = [
    "ApplicantInput",
    "CannotAct",
    "DocumentInput",
    "MissingDocuments",
    "MissingItem",
    "ReceptionInput",
    "RuleViolation",
    "StaleVersion",
    "WrongState",
    "allocate_code",
    "dossier_accept_online",
    "dossier_alerts_run",
    "dossier_apologize",
    "dossier_attach_result",
    "dossier_forward",
    "dossier_obligation_paid",
    "dossier_receive",
    "dossier_receive_supplement",
    "dossier_refuse_after_appraisal",
    "dossier_refuse_at_desk",
    "dossier_request_obligation",
    "dossier_request_supplement",
    "dossier_request_supplement_at_desk",
    "dossier_request_withdrawal",
    "dossier_return",
    "dossier_solve_same_day",
    "dossier_stop",
    "dossier_submit_online",
    "new_secret",
    "step_assign",
    "step_claim",
    "step_consult",
    "step_consult_answer",
    "step_record_field_check",
    "step_send_back",
    "step_transfer",
    "supplement_window_end",
]
