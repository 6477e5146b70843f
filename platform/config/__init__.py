# Load the Celery app with Django so that `shared_task`s bind to it (not to a default app
# that would talk to a broker on localhost).
from .celery import app as celery_app

__all__ = ["celery_app"]
