"""Template tags other apps' pages use to show documents beside a dossier:
`{% load documents_status %}`

- `{% digitise_link d %}`: the link to the digitisation page, for the desk of the dossier.
- `{% digitisation_status doc %}`: how a paper document was digitised, its file and the
  verification of its signature.
- `{% result_status result %}`: the signed electronic result and its verification.
"""

from __future__ import annotations

from typing import Any

from django import template

from motcua.core.clock import now
from motcua.core.errors import DomainError
from motcua.documents import signing
from motcua.documents.filestore import file_read
from motcua.documents.models import Digitisation, ElectronicResult, StoredFile
from motcua.dossiers.models import Dossier, DossierDocument, Result

register = template.Library()


def _check(stored: StoredFile | None) -> signing.Verification | None:
    if stored is None or stored.kind != "pdf":
        return None
    return signing.verify_pdf(file_read(stored))


@register.inclusion_tag("documents/_digitise_link.html", takes_context=True)
def digitise_link(context: Any, d: Dossier) -> dict[str, Any]:
    from motcua.dossiers.services import _common as c

    user = context.get("user")
    show = False
    if user is not None and getattr(user, "is_authenticated", False) and d.received_at:
        try:
            c.require_desk(user, d, at=now(), what="số hóa")
        except DomainError:
            show = False
        else:
            show = True
    return {"d": d, "show": show}


@register.inclusion_tag("documents/_digitisation_status.html")
def digitisation_status(doc: DossierDocument) -> dict[str, Any]:
    row = Digitisation.objects.filter(document=doc).select_related("file", "dossier").first()
    return {"row": row, "check": _check(row.file) if row else None, "doc": doc}


@register.inclusion_tag("documents/_result_status.html")
def result_status(result: Result) -> dict[str, Any]:
    er = ElectronicResult.objects.filter(result=result).select_related("file", "dossier").first()
    return {"er": er, "check": _check(er.file) if er else None, "result": result}
