"""The rule layer on sentences written for these tests (not taken from the sample page)."""

import pytest


def ents(nlp, text):
    return [(e._.canonical, e.label_) for e in nlp(text).ents]


def test_place_plus_organisation_is_one_org(nlp):
    assert ("西安康明斯", "ORG") in ents(nlp, "工会干部分别赴西安康明斯和吉利参观学习。")


def test_level_word_plus_suffix_is_org(nlp):
    doc = nlp("他联系了街道总工会。")
    assert [(e.text, e.label_) for e in doc.ents] == [("街道总工会", "ORG")]


def test_titled_document_is_doc(nlp):
    assert ("关于加强新时代职工队伍建设的意见", "DOC") in ents(nlp, "会议学习了《关于加强新时代职工队伍建设的意见》。")


@pytest.mark.parametrize("date", ["10月9日", "2018年11月6日", "2021年6月至12月"])
def test_dates(nlp, date):
    assert (date, "DATE") in ents(nlp, f"{date},代表们在北京开会。")


def test_vague_time_is_not_a_date(nlp):
    assert all(label != "DATE" for _, label in ents(nlp, "目前,工会经费收缴正常。"))


def test_byline_reporter(nlp):
    doc = nlp("本报讯(记者 赵小明)昨天下午,会议召开。")
    (person,) = [e for e in doc.ents if e.label_ == "PERSON"]
    assert person.text == "赵小明" and person._.role == "记者"


def test_title_stays_out_of_name(nlp):
    doc = nlp("习近平总书记来到社区考察。")
    (person,) = [e for e in doc.ents if e.label_ == "PERSON"]
    assert person._.canonical == "习近平" and person._.title == "总书记"


def test_surname_and_honorific_is_marked_for_resolution(nlp):
    doc = nlp("“孙师傅,你好。”")
    (person,) = [e for e in doc.ents if e.label_ == "PERSON"]
    assert person._.surname == "孙" and person._.title == "师傅"


def test_junk_names_are_filtered(nlp):
    found = ents(nlp, "路平了,灯亮了,新时代的社区变美了。")
    assert ("路平", "PERSON") not in found
    assert all(name != "新时代" for name, _ in found)


def test_single_character_names_are_filtered(nlp):
    assert all(len(name) > 1 for name, label in ents(nlp, "省、市、县三级联动。") if label in ("ORG", "LOC", "PERSON"))


def test_short_place_name_gets_full_name(nlp):
    assert ("西安市", "LOC") in ents(nlp, "西安将建设国家中心城市。")


def rels(nlp, text):
    return [(r.head._.canonical, r.label, r.tail._.canonical, r.role) for r in nlp(text)._.relations]


def test_org_role_name(nlp):
    assert ("李华", "works_for", "咸阳市总工会", "副主席") in rels(nlp, "咸阳市总工会副主席李华出席会议。")


def test_unit_moves_into_role(nlp):
    assert ("张丽", "works_for", "新华社区", "工会专干") in rels(nlp, "新华社区工会专干张丽走访企业。")


def test_role_with_modifier(nlp):
    assert ("王刚", "works_for", "街道总工会", "社会化工作者") in rels(nlp, "她打电话给街道总工会社会化工作者王刚。")


def test_no_relation_without_role(nlp):
    assert rels(nlp, "西北政法大学王军出席会议。") == []


def test_place_and_suffix_word_join(nlp):
    assert ("西安比亚迪汽车工厂", "ORG") in ents(nlp, "大家走访了西安比亚迪汽车工厂。")


def test_noun_in_a_list_of_organisations_is_one(nlp):
    found = ents(nlp, "2018年,中央组织部、财政部、农业农村部印发通知。")
    assert ("农业农村部", "ORG") in found


def test_list_rule_needs_an_organisation_suffix(nlp):
    assert ("工作方案", "ORG") not in ents(nlp, "中央组织部、工作方案和措施都已下发。")


def test_bare_level_word_in_suffix_is_a_category(nlp):
    found = ents(nlp, "她成为北关街道社区工会专干中唯一受表彰的人。")
    assert ("北关街道", "LOC") in found and not any(name.startswith("北关街道社") for name, _ in found)


def test_standing_abbreviations_take_the_full_name(nlp):
    doc = nlp("中组部印发通知。")
    assert [(e.text, e._.canonical) for e in doc.ents if e.label_ == "ORG"] == [("中组部", "中央组织部")]
