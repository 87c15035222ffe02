from django.urls import path

from lantoa.orgs import views

urlpatterns = [
    path("don-vi/", views.unit_index, name="unit_index"),
    path("don-vi/mau.<str:fmt>", views.unit_template, name="unit_template"),
    path("don-vi/<str:code>/", views.unit_detail, name="unit_detail"),
    path("don-vi/<str:code>/moi/", views.invitation_new, name="invitation_new"),
    path("don-vi/<str:code>/nhap/", views.unit_import, name="unit_import"),
    path("moi/<str:token>/", views.invitation_accept, name="invitation_accept"),
]
