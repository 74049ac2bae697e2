from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save


class SalesConfig(AppConfig):
    name = "sales"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from accounts.models import Workspace

        from . import signals
        from .models import Attachment

        # A signal rather than a call in `workspace_create`: workspaces made anywhere else (the
        # admin, the demo loader, tests) get their pipeline too.
        post_save.connect(
            signals.give_new_workspace_the_standard_pipeline,
            sender=Workspace,
            dispatch_uid="sales.standard_pipeline",
        )
        post_delete.connect(
            signals.delete_stored_file, sender=Attachment, dispatch_uid="sales.delete_stored_file"
        )
