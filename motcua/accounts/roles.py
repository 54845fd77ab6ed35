"""What each role may do, as data.

Each `Role` is a Django group of the same name. Its model permissions are given here as
patterns `"<app_label>.<codename>"` with shell wildcards (`"catalog.*"`, `"*.view_*"`).
Patterns naming apps that are not installed yet simply match nothing: `roles_sync()` runs
after every `migrate` and by `manage.py demo`, so the groups follow the apps as they land.

Permissions only open doors (admin pages, API operations). *Which records* a person sees is
decided by the selectors (`units_visible_to`), never by a permission.
"""

from __future__ import annotations

from collections.abc import Mapping

from motcua.accounts.models import Role

_VIEW_REFERENCE = (
    "organization.view_*",
    "worktime.view_*",
    "catalog.view_*",
)

ROLE_PERMISSIONS: Mapping[str, tuple[str, ...]] = {
    Role.SYSTEM_ADMIN: ("*",),
    Role.CENTER_LEADER: ("*.view_*",),
    Role.CONTROL_OFFICER: (
        *_VIEW_REFERENCE,
        "catalog.*",
        "control.*",
        "feedback.view_*",
        "reports.view_*",
        "evaluation.view_*",
    ),
    Role.RECEIVING_OFFICER: (
        *_VIEW_REFERENCE,
        "dossiers.view_*",
        "dossiers.add_*",
        "dossiers.change_*",
        "documents.view_*",
        "documents.add_*",
        "payments.view_*",
        "payments.add_*",
        "payments.change_*",
        "queueing.*",
    ),
    Role.SPECIALIST: (
        *_VIEW_REFERENCE,
        "dossiers.view_*",
        "dossiers.change_*",
        "documents.view_*",
        "documents.add_*",
    ),
    Role.UNIT_HEAD: (
        *_VIEW_REFERENCE,
        "dossiers.view_*",
        "dossiers.change_*",
        "documents.view_*",
        "documents.add_*",
        "feedback.view_*",
        "feedback.change_*",
        "reports.view_*",
    ),
    Role.AGENCY_LEADER: (
        *_VIEW_REFERENCE,
        "dossiers.view_*",
        "dossiers.change_*",
        "documents.view_*",
        "feedback.view_*",
        "feedback.change_*",
        "reports.view_*",
        "evaluation.view_*",
    ),
    Role.POSTAL_OFFICER: (
        "organization.view_unit",
        "catalog.view_*",
        "dossiers.view_*",
        "documents.view_*",
        "documents.add_*",
    ),
    # Reconciliation, payment figures and gateway refunds (motcua.payments); reads the
    # dossiers it refunds.
    Role.FINANCE_OFFICER: (
        *_VIEW_REFERENCE,
        "dossiers.view_dossier",
        "payments.view_*",
        "payments.change_payment",
    ),
    Role.CITIZEN: (),
}

# Roles that may enter the Django admin (they edit reference data there).
ADMIN_SITE_ROLES: frozenset[str] = frozenset({Role.SYSTEM_ADMIN, Role.CONTROL_OFFICER})

# Roles that see every unit (the Center's leadership and administration; TTHC control
# works on the whole province's catalogue).
SEES_ALL_UNITS: frozenset[str] = frozenset(
    {Role.SYSTEM_ADMIN, Role.CENTER_LEADER, Role.CONTROL_OFFICER}
)

# Staff roles (everything except the citizen).
STAFF_ROLES: frozenset[str] = frozenset(r for r in Role.values if r != Role.CITIZEN)
