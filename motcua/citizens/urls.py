from django.urls import path

from motcua.citizens import views

app_name = "citizens"
urlpatterns = [
    path("", views.home, name="home"),
    path("dang-ky/", views.register, name="register"),
    path("xac-nhan/", views.confirm, name="confirm"),
    path("dang-nhap/", views.LoginView.as_view(), name="login"),
    path("dang-xuat/", views.LogoutView.as_view(), name="logout"),
    path("quen-mat-khau/", views.reset_request, name="reset_request"),
    path("dat-lai-mat-khau/", views.reset_confirm, name="reset_confirm"),
    path("ho-so/", views.dossiers, name="dossiers"),
    path("dinh-danh/", views.oidc_start, name="oidc_start"),
    path("dinh-danh/ve/", views.oidc_callback, name="oidc_callback"),
]
