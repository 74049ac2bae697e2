"""Encryption at rest for connector credentials and webhook signing secrets.

Values are encrypted with Fernet (AES-128-CBC with HMAC-SHA256) under a key derived from
`FIELD_ENCRYPTION_KEY` (falling back to SECRET_KEY). Changing that key makes stored credentials
unreadable, so production sets FIELD_ENCRYPTION_KEY once and keeps it.
"""

import base64
import json
from functools import lru_cache
from hashlib import sha256
from typing import Any

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings
from django.db import models


@lru_cache(maxsize=4)
def _fernet(key_material: str) -> Fernet:
    digest = sha256(f"simplycrm-field-encryption:{key_material}".encode()).digest()
    return Fernet(base64.urlsafe_b64encode(digest))


def encrypt(plaintext: str) -> str:
    return _fernet(settings.FIELD_ENCRYPTION_KEY).encrypt(plaintext.encode()).decode()


def decrypt(ciphertext: str) -> str:
    try:
        return _fernet(settings.FIELD_ENCRYPTION_KEY).decrypt(ciphertext.encode()).decode()
    except InvalidToken as exc:
        raise ValueError("Stored value cannot be decrypted with FIELD_ENCRYPTION_KEY") from exc


class EncryptedTextField(models.TextField):
    """A text column stored encrypted; Python code sees the plaintext."""

    def from_db_value(self, value, expression, connection):
        return None if value in (None, "") else decrypt(value)

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        return None if value is None else encrypt(value)


class EncryptedJSONField(models.TextField):
    """A JSON object stored encrypted; Python code sees the dict."""

    def from_db_value(self, value, expression, connection) -> Any:
        return {} if value in (None, "") else json.loads(decrypt(value))

    def to_python(self, value):
        if isinstance(value, dict) or value is None:
            return value or {}
        return json.loads(value)

    def get_prep_value(self, value):
        return encrypt(json.dumps(value or {}, sort_keys=True))
