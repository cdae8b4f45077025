"""One name, two people: keep namesakes apart when their contexts disagree.

Across articles, mentions of one name are one person by default. A person is
split only on evidence: group the articles that mention the name, joining two
articles when the person's contexts there share any organisation or place (a
typed link such as works_for, or a co-occurrence in a sentence). When that
leaves several groups and every group has a typed organisation of its own
(works_for, member_of, graduated_from) that no other group has, the groups are
different people: the largest keeps ``PERSON:name``, the others become
``PERSON:name:<their first organisation>`` (label still ``name``, attribute
``disambiguation``). Articles that say nothing about the person's affiliations
join the largest group. A shared surname never merges anyone: names are whole.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

STRONG = ("works_for", "member_of", "graduated_from")


def namesakes(results: Iterable[tuple[list, list]]) -> dict[tuple[str, str], str]:
    """``(PERSON node, article) -> new node id`` for the articles where a namesake is someone else.

    ``results``: each article's ``(mentions, links)`` (graph.build records), one
    article at a time, so a corpus never has to be in memory at once.

    >>> from graph.build import Link, Mention
    >>> m = {a: [Mention("PERSON:张明", "PERSON", "张明", "张明", a, 0, 0, 2)] for a in ("a", "b", "c")}
    >>> l = {"a": [Link("PERSON:张明", "ORG:西安市总工会", "works_for", "a", 0, "…", 0, 9, "主席")],
    ...      "b": [Link("PERSON:张明", "ORG:北京大学", "works_for", "b", 0, "…", 0, 9, "教授")],
    ...      "c": [Link("ORG:西安市总工会", "PERSON:张明", "co_occurs", "c", 0, "…", 0, 9)]}
    >>> namesakes((m[a], l[a]) for a in "abc")  # c shares 西安市总工会 with a
    {('PERSON:张明', 'b'): 'PERSON:张明:北京大学'}
    """
    articles: dict[str, list[str]] = defaultdict(list)
    context: dict[tuple[str, str], set[str]] = defaultdict(set)  # (person, article) -> ORG/LOC nodes
    strong: dict[tuple[str, str], list[str]] = defaultdict(list)
    for mentions, links in results:
        for m in mentions:
            if m.type == "PERSON" and (not articles[m.node] or articles[m.node][-1] != m.article):
                articles[m.node].append(m.article)
        for link in links:
            for me, other in ((link.source, link.target), (link.target, link.source)):
                if me.startswith("PERSON:") and other.startswith(("ORG:", "LOC:")):
                    context[(me, link.article)].add(other)
                    if link.relation in STRONG and other not in strong[(me, link.article)]:
                        strong[(me, link.article)].append(other)
    rename: dict[tuple[str, str], str] = {}
    for person, arts in articles.items():
        if len(arts) < 2:
            continue
        groups = _groups(arts, {a: context.get((person, a), set()) for a in arts})
        typed = [sorted({o for a in g for o in strong.get((person, a), ())}) for g in groups]
        if len(groups) < 2 or not all(typed) or any(set(t) & set(u) for i, t in enumerate(typed) for u in typed[i + 1 :]):
            continue
        order = sorted(range(len(groups)), key=lambda i: (-len(groups[i]), arts.index(groups[i][0])))
        for i in order[1:]:
            tag = next(o for a in groups[i] for o in strong.get((person, a), ())).partition(":")[2]
            for a in groups[i]:
                rename[(person, a)] = f"{person}:{tag}"
    return rename


def _groups(arts: list[str], context: dict[str, set[str]]) -> list[list[str]]:
    """Articles joined when their contexts share a node; those with no context join the largest group."""
    groups: list[list[str]] = []
    sets: list[set[str]] = []
    for a in arts:
        ctx = context[a]
        if not ctx:
            continue
        hits = [i for i, s in enumerate(sets) if s & ctx]
        merged, mset = [a], set(ctx)
        for i in reversed(hits):
            merged = groups.pop(i) + merged
            mset |= sets.pop(i)
        groups.append(merged)
        sets.append(mset)
    if not groups:
        return [list(arts)]
    largest = max(range(len(groups)), key=lambda i: len(groups[i]))
    groups[largest] += [a for a in arts if not context[a]]
    return groups
