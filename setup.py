"""Kept for scrapyd-deploy (scrapyd-client), which builds its egg with ``setup.py bdist_egg``.

Everything is declared in pyproject.toml, including the ``scrapy`` entry point that tells
scrapyd where the settings are.
"""

from setuptools import setup

setup()
