"""The portal registry (crawler/portals.yaml): real portals across provinces, levels and CMS families."""

import pytest

from crawler.portals import CMS, LEVELS, Portal, RegistryError, load, select, summary


def test_registry_spans_thirty_portals_ten_provinces_every_level():
    portals = load()
    counts = summary(portals)
    assert len(portals) >= 30
    assert len(counts["province"]) >= 10
    assert set(counts["level"]) == set(LEVELS)
    assert {"trs", "hanweb", "vsb", "xxgk", "gkmlpt"} <= set(counts["cms"])


def test_every_entry_says_how_it_was_verified_with_a_source():
    for p in load():
        assert p.verified.split(" ")[0] in ("named", "column", "spec", "spec +", "pages"), p.id
        assert "http" in p.verified or p.verified.startswith("spec"), p.id
        assert p.list_url.startswith(("http://", "https://")), p.id


def test_select_by_each_filter():
    portals = load()
    assert [p.id for p in select(portals, portal="sc-pingwu")] == ["sc-pingwu"]
    assert all(p.province == "浙江" for p in select(portals, province="浙江"))
    both = select(portals, level="province,city")
    assert {p.level for p in both} == {"province", "city"}
    assert select(portals, cms="vsb")[0].cms == "vsb"


@pytest.mark.parametrize(
    "text, message",
    [
        ("- {id: a, agency: 甲}", "missing"),
        ("- {id: a, agency: 甲, region: r, province: p, level: village, cms: trs, list_url: 'http://h/', verified: v}",
         "level"),
        ("- {id: a, agency: 甲, region: r, province: p, level: county, cms: drupal, list_url: 'http://h/', verified: v}",
         "cms"),
        ("- {id: a, agency: 甲, region: r, province: p, level: county, cms: trs, list_url: 'ftp://h/', verified: v}",
         "http"),
        ("- {id: a, agency: 甲, region: r, province: p, level: county, cms: trs, list_url: 'http://h/', verified: v,"
         " extra: 1}", "unknown"),
        ("- {id: a, agency: 甲, region: r, province: p, level: county, cms: trs, list_url: 'http://h/', verified: v}\n"
         "- {id: a, agency: 乙, region: r, province: p, level: county, cms: trs, list_url: 'http://i/', verified: v}",
         "more than once"),
        ("{a: 1}", "list"),
    ],
)  # fmt: skip
def test_malformed_registries_are_refused_naming_the_fault(tmp_path, text, message):
    path = tmp_path / "portals.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(RegistryError, match=message):
        load(path)


def test_portal_context_and_allowed_values():
    p = Portal("x", "某镇", "某省某县", "某省", "township", "trs", "http://h/", "column — http://h/1.html")
    assert p.context()["list_url"] == "http://h/"
    assert "other" in CMS and "plain" not in CMS
