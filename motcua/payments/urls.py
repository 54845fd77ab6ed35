from django.urls import path

from motcua.payments import views

app_name = "payments"

urlpatterns = [
    path("ket-qua/", views.citizen_return, name="return"),
    path("<str:code>/", views.citizen_fees, name="dossier"),
    path("<str:code>/tra/<int:pk>/", views.citizen_pay, name="pay"),
]
