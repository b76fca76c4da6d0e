from districts.access import request_standing
from targets.selectors import waiting_for_review


def review_count(request):
    """`waiting_for_review` for the header's link: counted only when a page shows the link."""
    if getattr(request, "user", None) is None:
        return {}
    return {"waiting_for_review": lambda: _waiting(request)}


def _waiting(request) -> int:
    """The quarters waiting for the user, if they review (their standing is read once)."""
    where = request_standing(request)
    return waiting_for_review(request.user) if getattr(where, "reviews", False) else 0
