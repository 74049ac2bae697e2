from simplycrm.api.routers import ModuleRouter

from . import views

router = ModuleRouter("catalog")
router.register("categories", views.CategoryViewSet)
router.register("products", views.ProductViewSet)
router.register("variants", views.ProductVariantViewSet)
router.register("suppliers", views.SupplierViewSet)
router.register("inventory-lots", views.InventoryLotViewSet)
router.register("stock-movements", views.StockMovementViewSet)
router.register("price-history", views.PriceChangeViewSet)

urlpatterns = router.urls
