from simplycrm.api.routers import ModuleRouter

from . import views

router = ModuleRouter("integrations")
router.register("api-keys", views.ApiKeyViewSet)
router.register("webhook-subscriptions", views.WebhookSubscriptionViewSet)
router.register("webhook-deliveries", views.WebhookDeliveryViewSet)
router.register("event-types", views.EventTypeViewSet, basename="integrations-event-types")
router.register("integration-connections", views.IntegrationConnectionViewSet)
router.register("import-jobs", views.ImportJobViewSet)
router.register("integration-logs", views.IntegrationLogViewSet)

urlpatterns = router.urls
