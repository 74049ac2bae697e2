from simplycrm.api.routers import ModuleRouter

router = ModuleRouter("assistant")

urlpatterns = router.urls
