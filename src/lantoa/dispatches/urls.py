from django.urls import path

from lantoa.dispatches import views

urlpatterns = [
    path("cong-van/", views.dispatch_index, name="dispatch_index"),
    path("cong-van/nhap/", views.dispatch_ingest, name="dispatch_ingest"),
    path("cong-van/<int:pk>/", views.dispatch_detail, name="dispatch_detail"),
]
urlpatterns.append(path("cong-van/luu/", views.dispatch_save_view, name="dispatch_save"))
