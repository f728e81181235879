"""Scoring and reports."""
