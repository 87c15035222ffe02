from django.urls import path

from lantoa.kits import views

urlpatterns = [
    path("bo-an-pham/", views.kit_page, name="kit"),
    path("bo-an-pham/tao/", views.kit_render_branded, name="kit_render"),
    path("bo-an-pham/<int:pk>/", views.kit_build_page, name="kit_build"),
    path("bo-an-pham/<int:pk>/thu-lai/", views.kit_retry, name="kit_retry"),
    path("bo-an-pham/<int:pk>/trang-thai.json", views.kit_status, name="kit_status"),
    path("bo-an-pham/<int:pk>/tron-bo.zip", views.kit_zip, name="kit_zip"),
    path("bo-an-pham/<int:pk>/tep/<path:path>", views.kit_file, name="kit_file"),
    path("bo-an-pham/<int:pk>/anh/<path:path>", views.kit_thumb, name="kit_thumb"),
    path("don-vi/<str:code>/ap-phich/", views.unit_posters, name="unit_posters"),
]
