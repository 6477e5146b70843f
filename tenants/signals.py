"""Signals of the offices' lifecycle, sent inside the transaction of the change.

`office_changed(office, action)`: an office was created (`created`, its schema ready) or
suspended/reactivated (`updated`). The central layer records it in the public schema's outbox
(`central.events`), for national webhooks; a receiver that raises rolls the change back."""

from __future__ import annotations

from django.dispatch import Signal

office_changed = Signal()
