from django.contrib.auth import views as auth_views
from django.urls import path

from lantoa.site import signin, views

urlpatterns = [
    path("", views.home, name="home"),
    path("dang-nhap/", auth_views.LoginView.as_view(), name="login"),
    path("dang-xuat/", auth_views.LogoutView.as_view(), name="logout"),
    path("dang-nhap/ma-xac-thuc/", signin.otp_verify, name="otp_verify"),
    path("tai-khoan/dang-nhap-hai-buoc/", signin.otp_setup, name="otp_setup"),
]
