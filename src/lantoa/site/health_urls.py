from django.urls import path

from lantoa.site import views

urlpatterns = [path("", views.healthz, name="healthz")]
