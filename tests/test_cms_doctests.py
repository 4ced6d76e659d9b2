"""The examples in the docstrings of the crawler's link, CMS and registry modules run as written."""

import doctest
import importlib

import pytest

MODULES = ["crawler.cms", "crawler.cms.trs", "crawler.cms.hanweb", "crawler.cms.vsb", "crawler.cms.xxgk",
           "crawler.cms.gkmlpt", "crawler.links", "crawler.portals", "crawler.attachments",
           "crawler.spiders.portal"]  # fmt: skip


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    result = doctest.testmod(importlib.import_module(name))
    assert result.failed == 0 and result.attempted > 0
