"""The registry of real disclosure portals (``crawler/portals.yaml``): loading, checking, filtering.

>>> from crawler.portals import load, select
>>> [p.id for p in select(load(), province="浙江", level="township")][:2]  # doctest: +SKIP
['zj-shengzhou-gulai', 'zj-pingyang-tengjiao']
"""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass
from pathlib import Path
from urllib.parse import urlparse

import yaml

from .cms import FAMILIES

REGISTRY = Path(__file__).with_name("portals.yaml")
LEVELS = ("province", "city", "county", "township", "department")
CMS = (*[f for f in FAMILIES if f != "plain"], "other")
FIELDS = ("id", "agency", "region", "province", "level", "cms", "list_url", "verified")


class RegistryError(ValueError):
    """The registry file is malformed: a field missing, a value not allowed, an id twice."""


@dataclass(frozen=True)
class Portal:
    """One portal's annual-report list page and who publishes it.

    ``Portal(id="zj-lintao", agency="临洮县新添镇人民政府", region="甘肃省定西市临洮县", province="甘肃",
    level="township", cms="hanweb", list_url="http://www.lintao.gov.cn/col/col6924/index.html", verified="…")``
    """

    id: str
    agency: str
    region: str
    province: str
    level: str
    cms: str
    list_url: str
    verified: str

    def context(self) -> dict[str, str]:
        """What the spider carries along every request of this portal.

        >>> Portal("x", "某镇", "某省", "某", "township", "trs", "http://h/", "v").context()["agency"]
        '某镇'
        """
        return asdict(self)


def is_web_url(url: str) -> bool:
    """True for an absolute http(s) URL with a host.

    >>> is_web_url("http://www.lintao.gov.cn/col/col6924/index.html"), is_web_url("ftp://h/"), is_web_url("http://")
    (True, False, False)
    """
    parts = urlparse(url)
    return parts.scheme in ("http", "https") and bool(parts.hostname)


def _check(entry: object, index: int) -> Portal:
    if not isinstance(entry, dict):
        raise RegistryError(f"entry {index}: expected a mapping, got {type(entry).__name__}")
    missing = [f for f in FIELDS if not str(entry.get(f) or "").strip()]
    if missing:
        raise RegistryError(f"entry {index} ({entry.get('id')}): missing {', '.join(missing)}")
    extra = set(entry) - set(FIELDS)
    if extra:
        raise RegistryError(f"entry {index} ({entry['id']}): unknown fields {', '.join(sorted(extra))}")
    portal = Portal(**{f: str(entry[f]).strip() for f in FIELDS})
    if portal.level not in LEVELS:
        raise RegistryError(f"{portal.id}: level {portal.level!r} is not one of {', '.join(LEVELS)}")
    if portal.cms not in CMS:
        raise RegistryError(f"{portal.id}: cms {portal.cms!r} is not one of {', '.join(CMS)}")
    if not is_web_url(portal.list_url):
        raise RegistryError(f"{portal.id}: list_url {portal.list_url!r} is not an http(s) URL")
    return portal


def load(path: str | Path | None = None) -> list[Portal]:
    """Every portal of the registry file (default ``crawler/portals.yaml``), checked.

    Raises :class:`RegistryError` naming the entry when a field is missing or not allowed,
    or an id or list URL appears twice.

    >>> len(load()) >= 30
    True
    """
    data = yaml.safe_load(Path(path or REGISTRY).read_text(encoding="utf-8")) or []
    if not isinstance(data, list):
        raise RegistryError("the registry must be a YAML list of portals")
    portals = [_check(entry, i) for i, entry in enumerate(data, 1)]
    for name in ("id", "list_url"):
        twice = [v for v, n in Counter(getattr(p, name) for p in portals).items() if n > 1]
        if twice:
            raise RegistryError(f"{name} given more than once: {', '.join(twice)}")
    return portals


def select(portals: list[Portal], portal: str | None = None, province: str | None = None,
           level: str | None = None, cms: str | None = None) -> list[Portal]:  # fmt: skip
    """The portals matching every filter given; each filter may list values separated by commas.

    >>> ps = [Portal("a", "甲", "r", "浙江", "township", "hanweb", "http://a/", "v"),
    ...       Portal("b", "乙", "r", "四川", "county", "other", "http://b/", "v")]
    >>> [p.id for p in select(ps, province="浙江,四川", level="county")]
    ['b']
    """
    wanted = {"id": portal, "province": province, "level": level, "cms": cms}
    out = portals
    for name, value in wanted.items():
        if value:
            allowed = {v.strip() for v in value.split(",") if v.strip()}
            out = [p for p in out if getattr(p, name) in allowed]
    return out


def summary(portals: list[Portal]) -> dict[str, dict[str, int]]:
    """Counts of portals by level, province and CMS family.

    >>> summary([Portal("a", "甲", "r", "浙江", "township", "hanweb", "http://a/", "v")])["cms"]
    {'hanweb': 1}
    """
    return {name: dict(Counter(getattr(p, name) for p in portals).most_common())
            for name in ("level", "province", "cms")}  # fmt: skip


if __name__ == "__main__":
    import json

    print(json.dumps(summary(load()), ensure_ascii=False, indent=1))
