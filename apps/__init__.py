"""Tenant apps: one per welfare service, each in every office's schema."""
