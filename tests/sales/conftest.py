"""Fixtures of the sales tests."""

import pytest


@pytest.fixture(autouse=True)
def _media_in_a_temporary_folder(settings, tmp_path):
    """Uploaded files go to a folder of their own per test, never into the project."""
    settings.MEDIA_ROOT = tmp_path / "media"
