from django.contrib import admin
from django.urls import include, path

from motcua.api import api
from motcua.portal import online_views as portal_online_views
from motcua.reports import dashboard as reports_dashboard

urlpatterns = [
    path("", include("motcua.portal.urls")),
    path("staff/", include("motcua.core.urls")),
    path("staff/org/", include("motcua.organization.urls")),
    path("staff/calendar/", include("motcua.worktime.urls")),
    path("staff/catalog/", include("motcua.catalog.urls")),
    path("staff/dossiers/", include("motcua.dossiers.urls")),
    path("staff/payments/", include("motcua.payments.staff_urls")),
    path("staff/notifications/", include("motcua.notifications.urls")),
    path("thanh-toan/", include("motcua.payments.urls")),
    # The public look-up (code + secret); a logged-in citizen's own dossier needs no secret.
    path("tra-cuu/", portal_online_views.lookup, name="dossier_lookup"),
    path("danh-gia/", include("motcua.evaluation.urls")),
    path("phan-anh/", include("motcua.feedback.urls")),
    path("staff/feedback/", include("motcua.feedback.staff_urls")),
    path("staff/evaluation/indices/", include("motcua.evaluation.index_urls")),
    path("staff/evaluation/", include("motcua.evaluation.staff_urls")),
    path("staff/dashboard/", include("motcua.reports.dashboard_urls")),
    path("minh-bach/", reports_dashboard.transparency, name="transparency"),
    path("staff/reports/", include("motcua.reports.urls")),
    path("accounts/", include("motcua.accounts.urls")),
    path("tai-khoan/", include("motcua.citizens.urls")),
    # /xac-thuc/ (public), /kho-du-lieu/ (citizens), /staff/files/ (staff): motcua.documents
    path("", include("motcua.documents.urls")),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", api.urls),
]

admin.site.site_header = "Một Cửa — Quản trị"
admin.site.site_title = "Một Cửa"
admin.site.index_title = "Dữ liệu danh mục"
