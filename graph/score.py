"""Score a built graph against gold annotations of whole articles (``zhkg evaluate --task graph``).

Gold is JSON lines, one news item each, that point into corpus files by offsets and hold no text
(tests/gold/README.md): ``file`` (relative to the corpora folder), ``start``/``end`` of the item,
``entities`` (``type``, ``name``, ``aliases``, ``mentions`` as ``[start, end]`` file offsets) and
``relations`` (``head``, ``relation``, ``tail``, ``role``, ``evidence``).

What is scored, item by item (a graph is judged where a reader meets it: one article at a time):

* **entities** (PERSON, ORG, LOC): a gold entity is *found* when a node of its type has a mention in
  the item and either its label or one of its surfaces there is the entity's name or an alias, or
  one of its mentions is exactly one of the entity's. An entity named only inside another name
  (湖北 in 湖北省委) is not required, and a node for it is not counted wrong;
* **node precision**: of the nodes with a mention in the item, the share that are a gold entity of
  their type (a place called an organisation is wrong);
* **relations**, by family (works_for with member_of; took_part_in and happened_at, the arguments of
  events, are not scored): a gold row is found by a link of its family, stated in the item, whose
  ends are its head and tail (either way round for met and contacted); when gold has a role, the
  link's role must agree (one ends with the other: 副书记 / 省委副书记). A gold ``said`` whose tail is
  ``""`` (the statement names no one) is found by any ``said`` link from its speaker in the item, or
  by a statement event of the speaker's (extract.events: ``took_part_in`` with role ``speaker``), which
  is how the graph holds a statement that names no one; one event finds one such row.

>>> score_items([], {}, {}, {})["entities"]["micro"]["recall"]
0.0
"""

from __future__ import annotations

import csv
import json
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

TYPES = ("PERSON", "ORG", "LOC")
FAMILIES = {"member_of": "works_for"}  # relation -> the family it is scored in (others: itself)
UNSCORED = frozenset({"co_occurs", "took_part_in", "happened_at"})
SYMMETRIC = frozenset({"met", "contacted"})
STATEMENT = "statement"  # not a family of its own: it only finds a gold said whose statement names no one


@dataclass
class Item:
    file: str
    start: int
    end: int
    kind: str
    entities: list[dict]
    relations: list[dict]
    split: str = ""
    nested: set[str] = field(default_factory=set)  # names of entities named only inside another name


def load_gold(path: str | Path, split: str | None = None) -> list[Item]:
    """The gold items of ``path`` (only those of ``split``, ``dev`` or ``dev-test``, if given)."""
    items = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            if not line.strip():
                continue
            row = json.loads(line)
            item = Item(row["file"], row["start"], row["end"], row.get("kind", ""), row["entities"], row["relations"], row.get("split", ""))
            if split and item.split != split:
                continue
            item.nested = _nested(item.entities)
            items.append(item)
    return items


def _nested(entities: list[dict]) -> set[str]:
    """Entities every mention of which lies inside another entity's mention (or that have none)."""
    spans = [(s, e, ent["name"]) for ent in entities for s, e in ent["mentions"]]
    inside = set()
    for ent in entities:
        mine = ent["mentions"]
        if all(any(s0 <= s and e <= e0 and (s0, e0) != (s, e) for s0, e0, other in spans if other != ent["name"]) for s, e in mine):
            inside.add(ent["name"])
    return inside


def read_build(out: str | Path) -> tuple[dict, dict, dict]:
    """What a build wrote that the scorer reads: mentions and typed links by source file, and node types.

    Returns ``(mentions, links, nodes)``: ``mentions[file]`` lists ``(node, type, surface, start, end)``,
    ``links[file]`` lists ``(source, relation, target, role, start, end)`` (the evidence sentence's
    offsets), ``nodes[node]`` is ``(type, label)``; files are resolved paths.
    """
    out = Path(out)
    source = {}
    with open(out / "articles.csv", encoding="utf-8-sig", newline="") as f:
        for row in csv.DictReader(f):
            source[row["id"]] = str(Path(row["source"]).resolve())
    mentions: dict[str, list] = defaultdict(list)
    nodes: dict[str, tuple[str, str]] = {}
    with open(out / "mentions.csv", encoding="utf-8-sig", newline="") as f:
        for row in csv.DictReader(f):
            mentions[source[row["article"]]].append((row["node"], row["type"], row["surface"], int(row["start"]), int(row["end"])))
    with open(out / "nodes.csv", encoding="utf-8-sig", newline="") as f:
        for row in csv.DictReader(f):
            nodes[row["id"]] = (row["type"], row["label"])
    links: dict[str, list] = defaultdict(list)
    with open(out / "evidence.csv", encoding="utf-8-sig", newline="") as f:
        for row in csv.DictReader(f):
            relation = row["relation"]
            if relation == "took_part_in" and row["role"] == "speaker":
                relation = STATEMENT  # a statement event's speaker (extract.events): what a said naming no one is
            if relation not in UNSCORED:
                links[source[row["article"]]].append(
                    (row["source"], relation, row["target"], row["role"], int(row["start"]), int(row["end"]))
                )
    return mentions, links, nodes


def score_items(items: list[Item], mentions: dict, links: dict, nodes: dict, corpora: str | Path = ".") -> dict:
    """Entity recall by type, node precision and relation P/R/F1 by family over ``items``, with every miss
    and false item (see the module's doc)."""
    found = {t: [0, 0] for t in TYPES}  # found, gold
    right = {t: [0, 0] for t in TYPES}  # right, predicted
    rel = defaultdict(lambda: [0, 0, 0, 0])  # family -> links right, gold, links predicted, gold rows found by a statement event
    errors: dict[str, list] = {"missed_entities": [], "false_nodes": [], "missed_relations": [], "false_relations": []}
    for item in items:
        path = str((Path(corpora) / item.file).resolve())
        inside = [m for m in mentions.get(path, []) if item.start <= m[3] < item.end]
        match = _match_nodes(item, inside, nodes)
        where = f"{item.file}@{item.start}"
        for ent in item.entities:
            if ent["type"] not in TYPES or ent["name"] in item.nested:
                continue
            found[ent["type"]][1] += 1
            if ent["name"] in match.values():
                found[ent["type"]][0] += 1
            else:
                errors["missed_entities"].append([where, ent["type"], ent["name"]])
        for node in sorted({m[0] for m in inside}):
            type_ = nodes.get(node, ("", ""))[0]
            if type_ not in TYPES:
                continue
            right[type_][1] += 1
            if node in match:
                right[type_][0] += 1
            else:
                errors["false_nodes"].append([where, type_, nodes[node][1]])
        stated = [lk for lk in links.get(path, []) if item.start <= lk[4] < item.end]
        _score_relations(item, stated, match, nodes, rel, errors, where)
    entities = {t: _ratio(*found[t]) for t in TYPES}
    entities["micro"] = _ratio(sum(v[0] for v in found.values()), sum(v[1] for v in found.values()))
    precision = {t: _ratio(*right[t]) for t in TYPES}
    precision["micro"] = _ratio(sum(v[0] for v in right.values()), sum(v[1] for v in right.values()))
    relations = {fam: _prf(*counts) for fam, counts in sorted(rel.items())}
    relations["micro"] = _prf(*(sum(c[i] for c in rel.values()) for i in range(4)))
    return {
        "items": len(items),
        "entities": {k: {"found": v[0], "gold": v[1], "recall": v[2]} for k, v in entities.items()},
        "nodes": {k: {"right": v[0], "predicted": v[1], "precision": v[2]} for k, v in precision.items()},
        "relations": relations,
        "errors": errors,
    }


def _match_nodes(item: Item, inside: list, nodes: dict) -> dict[str, str]:
    """node id -> the gold entity (name) it is, for the nodes with a mention in the item."""
    by_name: dict[tuple[str, str], str] = {}
    by_span: dict[tuple[str, int, int], str] = {}
    for ent in item.entities:
        for name in [ent["name"], *ent.get("aliases", [])]:
            by_name.setdefault((ent["type"], name), ent["name"])
        for s, e in ent["mentions"]:
            by_span[(ent["type"], s, e)] = ent["name"]
    match: dict[str, str] = {}
    for node, type_, surface, start, end in inside:
        label = nodes.get(node, (type_, ""))[1]
        hit = by_name.get((type_, label)) or by_name.get((type_, surface)) or by_span.get((type_, start, end))
        if hit and node not in match:
            match[node] = hit
    return match


def _score_relations(item: Item, stated: list, match: dict, nodes: dict, rel: dict, errors: dict, where: str) -> None:
    def gold_name(node: str) -> str | None:
        if node in match:
            return match[node]
        type_, label = nodes.get(node, ("", ""))  # a node named only inside another (a place in a name)
        for ent in item.entities:
            if ent["type"] == type_ and label in (ent["name"], *ent.get("aliases", [])):
                return ent["name"]
        return None

    predicted = []
    speakers = {gold_name(source) for source, relation, *_ in stated if relation == STATEMENT}
    for source, relation, target, role, _, _ in stated:
        if relation != STATEMENT:
            for one in role.split("|") if role else [role]:  # a link holding two posts (董事长|首席执行官) is two rows
                predicted.append([FAMILIES.get(relation, relation), gold_name(source), gold_name(target), one, relation, source, target])
    predicted = _unique(predicted)
    used = [False] * len(predicted)
    gold_rows = [r for r in item.relations if r["relation"] not in UNSCORED]
    # Rows that name a role first: a role-less row (集团成员明国平, member_of) must not take the one link that
    # holds the role another row asks for (重要头目明国平).
    for row in sorted(_unique_gold(gold_rows), key=lambda r: not r.get("role")):
        family = FAMILIES.get(row["relation"], row["relation"])
        rel[family][1] += 1
        for i, (fam, head, tail, role, *_rest) in enumerate(predicted):
            if used[i] or fam != family:
                continue
            ends = head == row["head"] and (row["tail"] == "" and family == "said" or tail == row["tail"])
            ends = ends or (family in SYMMETRIC and head == row["tail"] and tail == row["head"])
            if ends and _roles_agree(row.get("role", ""), role):
                used[i] = True
                rel[family][0] += 1
                break
        else:
            if family == "said" and row["tail"] == "" and row["head"] in speakers:
                rel[family][3] += 1  # the speaker's statement is in the graph as an event, naming no one
                speakers.discard(row["head"])
                continue
            errors["missed_relations"].append([where, row["head"], row["relation"], row["tail"], row.get("role", "")])
    for (fam, _h, _t, role, relation, source, target), hit in zip(predicted, used):
        rel[fam][2] += 1
        if not hit:
            errors["false_relations"].append(
                [where, nodes.get(source, ("", source))[1], relation, nodes.get(target, ("", target))[1], role]
            )


def _unique(predicted: list) -> list:
    """One prediction per (family, head, tail, role): a link stated in two sentences is one link."""
    seen, out = set(), []
    for row in predicted:
        key = (row[0], row[5], row[6], row[3])
        if key not in seen:
            seen.add(key)
            out.append(row)
    return out


def _unique_gold(rows: list[dict]) -> list[dict]:
    seen, out = set(), []
    for row in rows:
        key = (row["head"], row["relation"], row["tail"], row.get("role", ""))
        if key not in seen:
            seen.add(key)
            out.append(row)
    return out


def _roles_agree(gold: str, predicted: str) -> bool:
    if not gold:
        return True
    return any(p.endswith(gold) or gold.endswith(p) for p in predicted.split("|") if p)


def _ratio(hit: int, total: int) -> tuple[int, int, float]:
    return hit, total, round(hit / total, 4) if total else 0.0


def _prf(tp: int, gold: int, predicted: int, by_event: int = 0) -> dict:
    """Precision over the links predicted; recall over the gold rows, found by a link or (a said naming no
    one) by a statement event."""
    p = tp / predicted if predicted else 0.0
    r = (tp + by_event) / gold if gold else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return {
        "tp": tp + by_event,
        "gold": gold,
        "predicted": predicted,
        "by_event": by_event,
        "p": round(p, 4),
        "r": round(r, 4),
        "f1": round(f1, 4),
    }
