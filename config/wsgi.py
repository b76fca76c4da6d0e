import os

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_wsgi_application()

# Never serve without a secret key (settings give none unless DEBUG is on); Django itself only
# notices at the first request that signs something.
try:
    settings.SECRET_KEY  # noqa: B018
except ImproperlyConfigured:
    raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.") from None
