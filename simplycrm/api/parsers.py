"""Request body parsers that refuse oversize bodies instead of reading them whole."""

import io

from django.conf import settings
from rest_framework.parsers import JSONParser

from .errors import BodyTooLarge


class BoundedJSONParser(JSONParser):
    """JSON, at most `DATA_UPLOAD_MAX_MEMORY_SIZE` bytes (DRF's own JSON parser has no cap)."""

    def parse(self, stream, media_type=None, parser_context=None):
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        # Read one byte past the limit: chunked bodies carry no Content-Length to check first.
        raw = stream.read(limit + 1)
        if len(raw) > limit:
            raise BodyTooLarge(
                f"The request body is larger than {limit} bytes.", details={"limit_bytes": limit}
            )
        return super().parse(io.BytesIO(raw), media_type, parser_context)
