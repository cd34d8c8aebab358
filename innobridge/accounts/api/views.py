"""The API's token endpoint: DRF's, with django-axes' lock-out answered as on the web."""

from __future__ import annotations

from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.request import Request
from rest_framework.response import Response

from innobridge.accounts.lockout import lockout_response


class ObtainToken(ObtainAuthToken):
    """Exchange an e-mail address (as `username`) and password for the user's API token.
    After repeated failed attempts for one address from one client, sign-in pauses: 429,
    with the seconds to wait in Retry-After."""

    def finalize_response(self, request: Request, response: Response, *args, **kwargs):
        # django-axes marks a locked-out attempt on the request it is given, here DRF's
        # Request, not the Django request its middleware reads: answer the lock-out here.
        if getattr(request, "axes_locked_out", False):
            return lockout_response(request._request)
        return super().finalize_response(request, response, *args, **kwargs)
