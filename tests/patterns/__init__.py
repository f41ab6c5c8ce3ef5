"""Shared helpers and case data for the pattern tests and the invented-article tests."""
