"""Answer with a file of the default storage, without passing its bytes through Python
where the storage allows it (docs/deploy.md#files).

The caller has already checked that the reader may have the file. Then:

- an object store (``LANTOA_STORAGE_URL=s3://…``): a redirect to a signed link that lives
  ``expire=`` seconds (300 by default) and names the file for the browser;
- a local folder behind nginx (``LANTOA_ACCEL_REDIRECT=/_files/``): an empty answer with
  ``X-Accel-Redirect``, nginx sending the file from its ``internal`` location;
- otherwise the file, streamed by the view.
"""

from __future__ import annotations

import mimetypes
from urllib.parse import quote

from django.conf import settings
from django.core.files.storage import FileSystemStorage, default_storage
from django.http import FileResponse, Http404, HttpResponse, HttpResponseRedirect
from django.utils.http import content_disposition_header


def download_response(
    stored: str, *, name: str, attach: bool = True, content_type: str | None = None
) -> HttpResponse:
    local = isinstance(default_storage, FileSystemStorage)
    disposition = content_disposition_header(attach, name) or ""
    kind = content_type or mimetypes.guess_type(name)[0] or "application/octet-stream"
    if attach and not local:
        url = default_storage.url(
            stored,
            parameters={"ResponseContentDisposition": disposition, "ResponseContentType": kind},
        )
        return HttpResponseRedirect(url, headers={"Cache-Control": "no-store"})
    if attach and settings.LANTOA_ACCEL_REDIRECT:
        if not default_storage.exists(stored):
            raise Http404
        response = HttpResponse(content_type=kind)
        prefix = settings.LANTOA_ACCEL_REDIRECT.rstrip("/")
        response["X-Accel-Redirect"] = f"{prefix}/{quote(stored)}"
        response["Content-Disposition"] = disposition
        return response
    try:
        handle = default_storage.open(stored, "rb")
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(handle, as_attachment=attach, filename=name, content_type=kind)
