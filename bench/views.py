"""A bare Django view, mounted only with the bench app: the yardstick of the load benchmark
(the whole middleware stack, no database, no template)."""

from django.http import HttpResponse
from django.views.decorators.http import require_GET


@require_GET
def bare(request):
    return HttpResponse("ok", content_type="text/plain")
