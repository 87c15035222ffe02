"""Signals of the organisation tree, for apps that keep figures per subtree."""

from django.dispatch import Signal

# Sent inside the transaction of a move or merge, after the subtree's paths were rewritten:
# ``unit`` (with its new path) and ``old_path``.
unit_moved = Signal()
