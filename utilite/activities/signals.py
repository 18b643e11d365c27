"""What this app tells the apps above it (the territory synthesis marks itself stale)."""

from django.dispatch import Signal

# Sent with `network_id` when the sessions of one of its structures changed.
network_activity_changed = Signal()
