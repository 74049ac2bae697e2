from simplycrm.api.routers import ModuleRouter

router = ModuleRouter("sales")

urlpatterns = router.urls
