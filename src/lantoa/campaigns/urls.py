from django.urls import path

from lantoa.campaigns import views

urlpatterns = [
    path("chien-dich/", views.campaign_list, name="campaign_list"),
    path("chien-dich/moi/", views.campaign_create, name="campaign_create"),
    path("chien-dich/<int:pk>/", views.campaign_detail, name="campaign_detail"),
    path("chien-dich/<int:pk>/sua/", views.campaign_edit, name="campaign_edit"),
    path("chien-dich/<int:pk>/xoa/", views.campaign_delete, name="campaign_delete"),
    path(
        "chien-dich/<int:pk>/don-vi/<str:code>/gia-han/",
        views.assignment_extend,
        name="assignment_extend",
    ),
    path("chien-dich/<int:pk>/don-vi/<str:code>/", views.campaign_unit, name="campaign_unit"),
    path(
        "chien-dich/<int:pk>/don-vi/<str:code>/da-nhan/",
        views.assignment_acknowledge,
        name="assignment_acknowledge",
    ),
    path(
        "chien-dich/<int:pk>/don-vi/<str:code>/giao/",
        views.assignment_forward,
        name="assignment_forward",
    ),
    path(
        "chien-dich/<int:pk>/don-vi/<str:code>/thu-hoi/",
        views.assignment_unforward,
        name="assignment_unforward",
    ),
    path("chien-dich/<int:pk>/don-vi/<str:code>/bao-cao/", views.report_edit, name="report_edit"),
    path(
        "chien-dich/<int:pk>/don-vi/<str:code>/tep/<int:attachment_id>/",
        views.attachment_download,
        name="attachment_download",
    ),
    path(
        "chien-dich/<int:pk>/don-vi/<str:code>/bao-cao.<str:fmt>",
        views.report_export,
        name="report_export",
    ),
]
