"""Root URLs: each module under /api/<module>/, the aggregated /api/<resource>/, docs, admin."""

from django.contrib import admin
from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from accounts.views import HealthView
from simplycrm.api.errors import api_not_found
from simplycrm.api.routers import aggregated_router

MODULES = ["catalog", "sales", "analytics", "automation", "integrations", "assistant"]

module_patterns = [path(f"api/{module}/", include(f"{module}.urls")) for module in MODULES]

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/auth/", include("accounts.urls")),
    path("api/health/", HealthView.as_view(), name="health"),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="docs"),
    *module_patterns,
    # Built after the modules' routers have registered their resources.
    path("api/", include(aggregated_router().urls)),
    # Anything else under /api/ is a 404 in the error shape, also while DEBUG is on.
    re_path(r"^api/", api_not_found),
]

handler400 = "simplycrm.api.errors.handler400"
handler403 = "simplycrm.api.errors.handler403"
handler404 = "simplycrm.api.errors.handler404"
handler500 = "simplycrm.api.errors.handler500"
