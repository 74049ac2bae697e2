"""Reactions to other modules' events; connected in `SalesConfig.ready`."""

from django.db import transaction

from .services import attachment_storage_delete, pipeline_create_standard


def give_new_workspace_the_standard_pipeline(sender, instance, created, raw=False, **kwargs):
    """Every workspace, however it was created, starts with the standard pipeline."""
    if created and not raw:
        pipeline_create_standard(workspace=instance)


def delete_stored_file(sender, instance, **kwargs):
    """A file row is gone (deleted, or with its deal, contact or company): free its storage.

    It waits for the commit, so a request that fails and rolls back keeps its files.
    """
    if instance.file:
        name, storage = instance.file.name, instance.file.storage
        transaction.on_commit(lambda: attachment_storage_delete(name=name, storage=storage))
