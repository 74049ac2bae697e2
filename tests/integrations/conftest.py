import pytest

from .receiver import Receiver


@pytest.fixture
def receiver(settings):
    """A receiver on loopback, which deliveries may reach while private targets are allowed."""
    settings.WEBHOOK_ALLOW_PRIVATE_TARGETS = True
    server = Receiver().start()
    yield server
    server.stop()
