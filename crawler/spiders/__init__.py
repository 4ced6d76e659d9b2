"""Spiders: ``portal`` crawls one disclosure portal's annual-report column."""
