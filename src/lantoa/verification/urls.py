from django.urls import path

from lantoa.verification import views

urlpatterns = [
    path("kiem-tra/", views.verify_page, name="verify"),
]
