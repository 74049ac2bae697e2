from django.urls import path
from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
router.register("tokens", views.PersonalTokenViewSet, basename="auth-tokens")

urlpatterns = [
    *router.urls,
    path("token/", views.TokenObtainView.as_view(), name="auth-token"),
    path("token/revoke/", views.TokenRevokeView.as_view(), name="auth-token-revoke"),
    path("profile/", views.ProfileView.as_view(), name="auth-profile"),
]
