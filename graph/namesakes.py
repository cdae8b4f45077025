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

STRONG = ("works_for", "member_of", "graduated_from")


class Namesakes:
    """The census behind namesake splitting, kept small: read a corpus one article at a time.

    Per person it keeps a union-find over the organisations and places seen
    with them (two articles sharing one are one group: the groups are the
    connected components) and, per group, its article count, its first
    article and its typed organisations, in order. Memory grows with the
    distinct organisations around each person, not with the articles.

    >>> from graph.build import Link, Mention
    >>> def article(a, *links):
    ...     return [Mention("PERSON:张明", "PERSON", "张明", "张明", a, 0, 0, 2)], list(links)
    >>> corpus = [article("a", Link("PERSON:张明", "ORG:西安市总工会", "works_for", "a", 0, "…", 0, 9, "主席")),
    ...           article("b", Link("PERSON:张明", "ORG:北京大学", "works_for", "b", 0, "…", 0, 9, "教授")),
    ...           article("c", Link("ORG:西安市总工会", "PERSON:张明", "co_occurs", "c", 0, "…", 0, 9))]
    >>> census = Namesakes()
    >>> for mentions, links in corpus: census.add(mentions, links)
    >>> [census.renames(*corpus[i]) for i in range(3)]  # c shares 西安市总工会 with a
    [{}, {'PERSON:张明': 'PERSON:张明:北京大学'}, {}]
    """

    def __init__(self) -> None:
        self.parent: dict[str, dict[str, str]] = defaultdict(dict)  # person -> context node -> parent node
        self.groups: dict[str, dict[str, list]] = defaultdict(dict)  # person -> root -> [articles, first, strong]
        self.articles: dict[str, int] = defaultdict(int)  # person -> articles naming them
        self.seen = 0
        self.split: dict[str, dict[str, str]] | None = None  # person -> root -> new node id, after the census

    def add(self, mentions: list, links: list) -> None:
        """Count one article."""
        self.seen += 1
        context, strong = _contexts(mentions, links)
        for person in dict.fromkeys(m.node for m in mentions if m.type == "PERSON"):
            self.articles[person] += 1
            nodes = context.get(person)
            if not nodes:
                continue  # no affiliation here: this article joins the largest group
            parent, groups = self.parent[person], self.groups[person]
            roots = []
            for node in nodes:
                if node not in parent:
                    parent[node] = node
                    groups[node] = [0, self.seen, []]
                root = _find(parent, node)
                if root not in roots:
                    roots.append(root)
            roots.sort(key=lambda r: groups[r][1])  # the oldest group absorbs the others
            keep = roots[0]
            for other in roots[1:]:
                parent[other] = keep
                count, _, typed = groups.pop(other)
                groups[keep][0] += count
                groups[keep][2] += [o for o in typed if o not in groups[keep][2]]
            groups[keep][0] += 1
            groups[keep][2] += [o for o in strong.get(person, ()) if o not in groups[keep][2]]

    def renames(self, mentions: list, links: list) -> dict[str, str]:
        """For one article (after the census): ``{person node: new node id}`` where its namesake is someone else."""
        if self.split is None:
            self.split = self._decide()
        if not self.split:
            return {}
        context, _ = _contexts(mentions, links)
        out = {}
        for person, nodes in context.items():
            if person in self.split and nodes:
                root = _find(self.parent[person], next(iter(nodes)))
                if root in self.split[person]:
                    out[person] = self.split[person][root]
        return out

    def _decide(self) -> dict[str, dict[str, str]]:
        """Several groups, each with a typed organisation of its own: different people. The largest
        (then the earliest) keeps ``PERSON:name``; the others become ``PERSON:name:<first organisation>``."""
        split: dict[str, dict[str, str]] = {}
        for person, groups in self.groups.items():
            if self.articles[person] < 2 or len(groups) < 2 or not all(typed for _, _, typed in groups.values()):
                continue
            order = sorted(groups, key=lambda r: (-groups[r][0], groups[r][1]))
            split[person] = {root: f"{person}:{groups[root][2][0].partition(':')[2]}" for root in order[1:]}
        return split


def _contexts(mentions: list, links: list) -> tuple[dict[str, set[str]], dict[str, list[str]]]:
    """An article's persons -> the ORG/LOC nodes linked with them, and -> their typed organisations in order."""
    context: dict[str, set[str]] = defaultdict(set)
    strong: dict[str, list[str]] = defaultdict(list)
    for link in links:
        for me, other in ((link.source, link.target), (link.target, link.source)):
            if me.startswith("PERSON:") and other.startswith(("ORG:", "LOC:")):
                context[me].add(other)
                if link.relation in STRONG and other not in strong[me]:
                    strong[me].append(other)
    return context, strong


def _find(parent: dict[str, str], node: str) -> str:
    while parent[node] != node:
        parent[node] = parent[parent[node]]
        node = parent[node]
    return node
