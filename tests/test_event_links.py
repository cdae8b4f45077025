"""One trigger layer: each news verb is an event (extract.events), and its links come from the event's
arguments (extract.event_links). Sentences written for the test."""

import pytest


def links(nlp, text, label):
    return {(r.head.text, r.tail.text, r.role) for r in nlp(text)._.relations if r.label == label}


def events(nlp, text):
    return {e.type for e in nlp(text)._.events}


@pytest.mark.parametrize(
    ("text", "label", "link"),
    [
        ("国家主席习近平在北京会见法国总统马克龙。", "met", ("习近平", "马克龙", "")),
        ("国务院总理李强同德国总理朔尔茨通电话。", "met", ("李强", "朔尔茨", "")),  # a call between leaders is a talk
        ("王毅同美国国务卿布林肯举行会谈。", "met", ("王毅", "布林肯", "")),  # 同 X 举行会谈: X is the guest
        ("副总理丁薛祥会见美国通用汽车公司董事长玛丽·博拉。", "met", ("丁薛祥", "玛丽·博拉", "")),  # the chairman, not the company
        ("社区干部张华拨通了民警李强的电话。", "contacted", ("张华", "李强", "")),
        ("国务院办公厅印发《关于加快发展养老服务业的意见》。", "issued", ("国务院办公厅", "关于加快发展养老服务业的意见", "")),
        ("他说：“感谢全国总工会的关心。”", "said", None),  # a pronoun with no one before it speaks for no one
        ("王芳说：“感谢全国总工会的关心。”", "said", ("王芳", "全国总工会", "")),
        ("“感谢全国总工会的关心，”王芳说。", "said", ("王芳", "全国总工会", "")),
        ("王芳表示，全国总工会将加大帮扶力度。", "said", ("王芳", "全国总工会", "")),
        ("李娟被评为“全国妇联巾帼建功标兵”。", "honored", ("李娟", "全国妇联", "全国妇联巾帼建功标兵")),
        ("习近平来到四川省眉山市考察。", "visited", ("习近平", "眉山市", "")),
        ("丁薛祥在山西省太原市调研。", "visited", ("丁薛祥", "太原市", "")),
    ],
)
def test_links_from_events(nlp, text, label, link):
    found = links(nlp, text, label)
    assert (link in found) if link else not found


def test_what_did_not_happen_is_no_event(nlp):
    assert "call" not in events(nlp, "张华一直没有打通李强的电话。")
    assert not links(nlp, "张华一直没有打通李强的电话。", "contacted")


def test_a_verb_cut_in_two_by_the_backbone_is_one_trigger(nlp):
    doc = nlp("市总工会日前下发《关于开展职工技能大赛的通知》。")
    (event,) = [e for e in doc._.events if e.type == "issuance"]
    assert event.trigger.text == "下发" and ("市总工会", "关于开展职工技能大赛的通知", "") in links(nlp, doc.text, "issued")


@pytest.mark.parametrize(
    ("text", "label", "link"),
    [
        ("王明在北京给市总工会职工写信。", "contacted", ("王明", "市总工会", "")),
        ("李华视频连线国家电网公司、中国石化集团，了解保供情况。", "contacted", ("李华", "中国石化集团", "")),
        ("日前，全国总工会追授王强同志“全国五一劳动奖章”。", "honored", ("王强", "全国总工会", "全国五一劳动奖章")),
        ("咸阳市总工会表彰了张丽娟等10名优秀女职工。", "honored", ("张丽娟", "咸阳市总工会", "")),
    ],
)
def test_letters_video_calls_and_honours_given(nlp, text, label, link):
    assert link in links(nlp, text, label)


@pytest.mark.parametrize(
    ("text", "label", "link"),
    [
        ("毕业于西北政法大学的刘芳来到社区工作。", "graduated_from", ("刘芳", "西北政法大学", "")),  # the person after the clause
        ("习近平就组建中国星网集团作出重要指示强调，要加快发展。", "said", None),  # the body is an object, not the speaker
        ("工作组当晚赶赴灾区指导支持云南防汛救灾工作。", "visited", None),  # 云南 is whose work it is, not where they went
        ("李强会见美国苹果公司首席执行官", "met", None),  # a headline: the guest is the unnamed chief executive
        ("全国政协委员王芳是全国政协的一员。", "member_of", None),  # the post says the membership: one link
    ],
)
def test_what_the_words_around_a_verb_imply_and_do_not(nlp, text, label, link):
    found = links(nlp, text, label)
    if link is not None:
        assert link in found
    elif label == "said":
        assert not [h for h, *_ in found if h == "中国星网集团"]
    else:
        assert not found
