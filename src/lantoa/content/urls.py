from django.urls import path

from lantoa.content import views

urlpatterns = [
    path("bo-noi-dung/", views.pack_index, name="pack_index"),
    path("bo-noi-dung/nhap/", views.pack_import_view, name="pack_import"),
    path("bo-noi-dung/ban-nhap/moi/", views.draft_new, name="pack_draft_new"),
    path(
        "bo-noi-dung/phien-ban/<int:version_pk>/sua-tiep/",
        views.draft_continue,
        name="pack_draft_continue",
    ),
    path("bo-noi-dung/ban-nhap/<int:pk>/", views.draft_edit, name="pack_draft"),
    path("bo-noi-dung/ban-nhap/<int:pk>/diem/moi/", views.point_edit, name="pack_point_new"),
    path("bo-noi-dung/ban-nhap/<int:pk>/diem/<int:point_pk>/", views.point_edit, name="pack_point"),
    path(
        "bo-noi-dung/ban-nhap/<int:pk>/diem/<int:point_pk>/xem-truoc-<str:fmt>.png",
        views.point_preview,
        name="pack_point_preview",
    ),
    path(
        "bo-noi-dung/ban-nhap/<int:pk>/diem/<int:point_pk>/chuyen/",
        views.point_move,
        name="pack_point_move",
    ),
    path(
        "bo-noi-dung/ban-nhap/<int:pk>/diem/<int:point_pk>/xoa/",
        views.point_delete,
        name="pack_point_delete",
    ),
    path("bo-noi-dung/ban-nhap/<int:pk>/nguon/", views.source_add, name="pack_source_add"),
    path(
        "bo-noi-dung/ban-nhap/<int:pk>/nguon/<int:index>/xoa/",
        views.source_remove,
        name="pack_source_remove",
    ),
    path("bo-noi-dung/ban-nhap/<int:pk>/xuat-ban/", views.draft_publish, name="pack_publish"),
]
