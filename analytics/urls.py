from simplycrm.api.routers import ModuleRouter

router = ModuleRouter("analytics")

urlpatterns = router.urls
