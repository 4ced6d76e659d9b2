"""The level of a government body (province, city, county, township …), read from its name.

The rule, applied by :func:`level_of`:

1. Read the chain of administrative areas at the start of the name, each a
   name followed by a unit word, going strictly down the hierarchy:
   河南省 · 商丘市 · 梁园区 · 前进街道. The chain stops at the first area that
   is not lower than the one before (梁园区 · 城市管理局 is a county bureau,
   not a city).
2. The last area of the chain gives the level:

   - **province**: 省, 自治区, 特别行政区, and the four 直辖市 北京市 天津市 上海市 重庆市
   - **city**: 市, 州 / 自治州, 盟, 地区
   - **county**: 县 / 自治县, 区 (also 新区, 开发区), 旗 / 自治旗
   - **township**: 乡, 镇, 街道 (办事处), 苏木, and 社区 / 村 below them

3. A department (局, 委, 办, 厅, 中心 …) keeps the level of the area its name
   starts with: 商丘市教育局 → city, 梁园区市场监督管理局 → county. A name
   that starts with a bare unit (市政务服务中心管理办公室, 县委宣传部) takes
   that unit's level.
4. A name with no area: **national** for the State Council and its ministries
   (国务院…, 国家…, 中华人民共和国…, a name ending in 部); **department** for
   any other body (局, 委, 办, 厅, 署, 中心, 院, 会 …) whose area the name does
   not say; otherwise no level (``None``).

Known limits: a county-level city (县级市, e.g. 曲阜市) is read as a city, and
a name that leaves out its area's unit (河南商丘…) is not read.
"""

from __future__ import annotations

import re

LEVELS = ["national", "province", "city", "county", "township", "department"]
_RANK = {"province": 1, "city": 2, "county": 3, "township": 4}
_UNITS: list[tuple[str, str]] = [
    ("特别行政区", "province"), ("自治区", "province"), ("自治州", "city"), ("自治县", "county"),
    ("自治旗", "county"), ("街道办事处", "township"), ("开发区", "county"), ("新区", "county"),
    ("地区", "city"), ("街道", "township"), ("社区", "township"), ("苏木", "township"),
    ("省", "province"), ("市", "city"), ("州", "city"), ("盟", "city"), ("区", "county"),
    ("县", "county"), ("旗", "county"), ("镇", "township"), ("乡", "township"), ("村", "township"),
]  # fmt: skip
_UNIT_LEVEL = dict(_UNITS)
_UNIT = "|".join(unit for unit, _ in _UNITS)
_AREA = re.compile(rf"([\u4e00-\u9fff]{{1,12}}?)({_UNIT})")
_BARE = re.compile(r"^(省|市|县|区|旗|乡|镇)")
_MUNICIPALITIES = {"北京", "天津", "上海", "重庆"}
_NATIONAL = re.compile(r"^(国务院|国家|中华人民共和国|中国)|部$")
_DEPARTMENT = re.compile(r"(局|委|委员会|办|办公室|厅|署|中心|院|会|所|站|队|处|部)$")


def areas_of(name: str) -> list[tuple[str, str]]:
    """The chain of areas a name starts with, each with its level.

    >>> areas_of("河南省商丘市梁园区前进街道办事处")
    [('河南省', 'province'), ('商丘市', 'city'), ('梁园区', 'county'), ('前进街道办事处', 'township')]
    >>> areas_of("梁园区城市管理局")
    [('梁园区', 'county')]
    """
    chain: list[tuple[str, str]] = []
    pos = 0
    while pos < len(name):
        m = _AREA.match(name, pos)
        if not m:
            break
        level = _UNIT_LEVEL[m.group(2)]
        if m.group(2) == "市" and m.group(1) in _MUNICIPALITIES:
            level = "province"
        if chain and _RANK[level] <= _RANK[chain[-1][1]]:
            break
        chain.append((m.group(0), level))
        pos = m.end()
    return chain


def level_of(agency: str | None, region: str | None = None) -> str | None:
    """The level of a body from its name (rule in this module's docstring).

    >>> [level_of(n) for n in ["河南省人民政府", "商丘市教育局", "梁园区前进街道办事处", "教育部"]]
    ['province', 'city', 'township', 'national']
    >>> level_of("市政务服务中心管理办公室"), level_of("江南街道办事处"), level_of("国家税务总局商丘市税务局")
    ('city', 'township', 'city')
    """
    for name in (agency, region):
        if not name:
            continue
        name = re.sub(r"\s+", "", name)
        chain = areas_of(name)
        if chain:
            return chain[-1][1]
        bare = _BARE.match(name)
        if bare and len(name) > 1:
            return _UNIT_LEVEL[bare.group(1)]
    if not agency:
        return None
    agency = re.sub(r"\s+", "", agency)
    if _NATIONAL.search(agency):
        return "national"
    if _DEPARTMENT.search(agency):
        return "department"
    return None
