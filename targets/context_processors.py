from districts.access import request_standing
from targets.selectors import request_waiting


def review_count(request):
    """`waiting_for_review` for the header's link: counted only when a page shows the link."""
    if getattr(request, "user", None) is None:
        return {}
    return {"waiting_for_review": lambda: _waiting(request)}


def _waiting(request) -> int:
    """The quarters waiting for the user, if they review (their standing is read once)."""
    return request_waiting(request, request_standing(request))
