"""Background work on Django's Tasks API: the worker, and jobs that run every N seconds."""
