"""Credential secrets: how they are generated, recognised and hashed.

A secret reads `scrm_pat_<40 random base62 chars><6-char checksum>` for a personal token and
`scrm_key_...` for a workspace key. The fixed prefixes let secret scanners spot a leaked one, and
the CRC32 checksum lets them (and this server) tell a real-looking secret from a typo without a
database look-up. Only an HMAC-SHA256 of the secret is stored: fast enough for every request,
useless to someone who reads the database without the hash key.
"""

import hmac
import secrets
import string
import zlib
from hashlib import sha256

from django.conf import settings

PERSONAL_TOKEN_PREFIX = "scrm_pat_"  # noqa: S105 (a public prefix, not a secret)
API_KEY_PREFIX = "scrm_key_"

_ALPHABET = string.digits + string.ascii_letters
_BODY_LENGTH = 40  # about 238 bits of randomness
_CHECKSUM_LENGTH = 6
# How much of the secret is kept in clear to label it: the prefix and four random characters.
DISPLAY_PREFIX_LENGTH = len(PERSONAL_TOKEN_PREFIX) + 4


def _base62(number: int, width: int) -> str:
    digits = []
    for _ in range(width):
        number, remainder = divmod(number, 62)
        digits.append(_ALPHABET[remainder])
    return "".join(reversed(digits))


def _checksum(body: str) -> str:
    return _base62(zlib.crc32(body.encode()), _CHECKSUM_LENGTH)


def generate_secret(prefix: str) -> str:
    body = "".join(secrets.choice(_ALPHABET) for _ in range(_BODY_LENGTH))
    return f"{prefix}{body}{_checksum(body)}"


def is_well_formed(secret: str, prefix: str) -> bool:
    """True when the secret has the prefix, length, alphabet and checksum of a real one."""
    if not secret.startswith(prefix):
        return False
    rest = secret[len(prefix) :]
    if len(rest) != _BODY_LENGTH + _CHECKSUM_LENGTH or not all(c in _ALPHABET for c in rest):
        return False
    body, checksum = rest[:_BODY_LENGTH], rest[_BODY_LENGTH:]
    return hmac.compare_digest(_checksum(body), checksum)


def hash_secret(secret: str) -> str:
    return hmac.new(settings.TOKEN_HASH_KEY.encode(), secret.encode(), sha256).hexdigest()


def display_prefix(secret: str) -> str:
    return secret[:DISPLAY_PREFIX_LENGTH]
