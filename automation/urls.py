from simplycrm.api.routers import ModuleRouter

router = ModuleRouter("automation")

urlpatterns = router.urls
