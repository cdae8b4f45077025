"""Binary relations read off the events' arguments: one trigger layer (extract.events), its links derived here.

Each news verb is found once, as an event with roles (extract.events); the links a graph
draws between two entities are what those roles imply:

* ``visited`` visitor → each place of a visit;
* ``met`` host → each person of a talk (会见, 会谈, 会晤, 接见, 座谈, 看望, 慰问; 同 X 通电话): the people, or
  the bodies when the talk names no person (会见美国高盛集团董事长苏德巍: the chairman, not the bank);
* ``contacted`` caller → callee of a call that is no talk (拨通 … 电话, 致电, 视频连线), writer → recipient of a letter;
* ``issued`` each issuer → each document;
* ``honored`` honoree → each body giving the honour and each place or body it names, its role the honour;
* ``said`` speaker → each person or body what was said names.

>>> import extract
>>> nlp = extract.load()
>>> doc = nlp("国家主席习近平在北京会见法国总统马克龙。")
>>> [(r.head.text, r.label, r.tail.text) for r in doc._.relations if r.label == "met"]
[('习近平', 'met', '马克龙')]
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from extract.events import Event
from extract.relations import Relation, post_after

TALKS = frozenset({"会见", "会谈", "会晤", "接见", "座谈", "看望", "慰问", "通话", "通电话"})  # meetings and calls that are met


def links(event: Event) -> list[Relation]:
    """The binary relations one event implies (none for kinds that imply none: fires, pilots …)."""
    roles: dict[str, list] = {}
    for span, role in event.args:
        roles.setdefault(role, []).append(span)
    out: list[Relation] = []

    def add(heads: list, tails: list, label: str, role: str = "") -> None:
        for head in heads:
            out.extend(Relation(head, tail, label, role, event.rule, event.confidence) for tail in tails if tail.text != head.text)

    talk = event.trigger.text in TALKS
    if event.type == "visit":
        add(roles.get("visitor", []), roles.get("place", []), "visited")
    elif event.type == "meeting" and talk:
        others = roles.get("participant", [])
        # 会见美国高盛集团董事长兼首席执行官 (a headline): the guest is the chairman, who is not named; not the bank.
        bodies = [p for p in others if not post_after(p.doc, p.end)]
        add(roles.get("host", []), [p for p in others if p.label_ == "PERSON"] or bodies, "met")
    elif event.type == "call":
        add(roles.get("caller", []), roles.get("callee", []), "met" if talk else "contacted")
    elif event.type == "letter":
        add(roles.get("writer", []), roles.get("recipient", []), "contacted")
    elif event.type == "issuance":
        add(roles.get("issuer", []), roles.get("document", []), "issued")
    elif event.type == "award":
        add(roles.get("honoree", []), roles.get("giver", []) + event.about, "honored", event.title)
    elif event.type == "statement":
        add(roles.get("speaker", []), event.about, "said")
    return out


@Language.component("event_relations")
def event_relations(doc: Doc) -> Doc:
    """Append the relations of ``doc._.events`` to ``doc._.relations`` (one per head, tail, label and role), and
    keep one link per pair and family: a ``member_of`` goes where the pair has a ``works_for`` (全国政协委员: the
    post says the membership)."""
    relations = list(doc._.relations or [])
    posts = {(r.head.text, r.tail.text) for r in relations if r.label == "works_for"}
    relations = [r for r in relations if r.label != "member_of" or (r.head.text, r.tail.text) not in posts]
    seen = {(r.head.start_char, r.tail.start_char, r.label, r.role) for r in relations}
    for event in doc._.events or []:
        for rel in links(event):
            key = (rel.head.start_char, rel.tail.start_char, rel.label, rel.role)
            if key not in seen:
                seen.add(key)
                relations.append(rel)
    doc._.relations = relations
    return doc
