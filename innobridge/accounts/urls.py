from django.contrib.auth import views as auth_views
from django.urls import path

from innobridge.accounts import views
from innobridge.accounts.forms import SignInForm

app_name = "accounts"

urlpatterns = [
    path(
        "login/",
        auth_views.LoginView.as_view(
            template_name="accounts/login.html",
            authentication_form=SignInForm,
            redirect_authenticated_user=True,
        ),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("preferences/", views.preferences, name="preferences"),
    path("my-data/", views.my_data, name="my-data"),
    path("erase/", views.erase_account, name="erase"),
]
