from django.urls import path

from . import views

urlpatterns = [
    path("token/", views.TokenObtainView.as_view(), name="auth-token"),
    path("token/revoke/", views.TokenRevokeView.as_view(), name="auth-token-revoke"),
    path("profile/", views.ProfileView.as_view(), name="auth-profile"),
]
