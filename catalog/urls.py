from simplycrm.api.routers import ModuleRouter

router = ModuleRouter("catalog")

urlpatterns = router.urls
