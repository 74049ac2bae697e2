from simplycrm.api.routers import ModuleRouter

from . import views

router = ModuleRouter("integrations")
router.register("api-keys", views.ApiKeyViewSet)

urlpatterns = router.urls
