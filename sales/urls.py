from simplycrm.api.routers import ModuleRouter

from . import views

router = ModuleRouter("sales")
router.register("companies", views.CompanyViewSet)
router.register("contacts", views.ContactViewSet)
router.register("pipelines", views.PipelineViewSet)
router.register("opportunities", views.OpportunityViewSet)
router.register("notes", views.NoteViewSet)
router.register("files", views.AttachmentViewSet)
router.register("deal-activities", views.DealActivityViewSet)
router.register("orders", views.OrderViewSet)
router.register("invoices", views.InvoiceViewSet)

urlpatterns = router.urls
