"""Names and links of national and foreign news (extract/names.py and the rules they feed), each class on
sentences written for the test, not taken from the dev articles."""

import pytest


def ents(nlp, text):
    return [(e.text, e.label_) for e in nlp(text).ents if e.label_ != "DATE"]


def rels(nlp, text):
    return {(r.head.text, r.label, r.tail.text, r.role) for r in nlp(text)._.relations}


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("联合国秘书长古特雷斯在纽约发表讲话。", "古特雷斯"),  # four characters, no Chinese surname
        ("美国财政部长耶伦抵达北京。", "耶伦"),  # a post before it
        ("巴西总统卢拉出席峰会。", "卢拉"),
        ("澳大利亚总理阿尔巴尼斯表示欢迎。", "阿尔巴尼斯"),
        ("法国总统马克龙同他举行会谈。", "马克龙"),
    ],
)
def test_foreign_names_survive(nlp, text, name):
    assert (name, "PERSON") in ents(nlp, text)


def test_an_idiom_is_still_no_name(nlp):
    assert not [e for e in ents(nlp, "各地要强基固本，久久为功。") if e[1] == "PERSON"]


def test_a_name_gives_back_the_verb_it_swallowed(nlp):
    found = ents(nlp, "国家主席习近平同白俄罗斯总统卢卡申科通电话。")
    assert ("卢卡申科", "PERSON") in found and ("白俄罗斯", "LOC") in found  # not 卢卡申科通, not 白 + 俄罗斯


def test_countries_are_places_and_an_outlet_is_an_organisation(nlp):
    found = ents(nlp, "央视网消息（新闻联播）：印尼总统佐科会见了越南客人。")
    assert ("央视网", "ORG") in found and ("印尼", "LOC") in found and ("越南", "LOC") in found


def test_a_post_that_begins_with_a_body_gives_it_to_the_organisation(nlp):
    found = rels(nlp, "陕西省委书记赵一德、省长赵刚出席会议。")
    assert ("赵一德", "works_for", "陕西省委", "书记") in found


def test_every_post_of_a_list_and_government_posts(nlp):
    found = rels(nlp, "中共中央总书记、国家主席、中央军委主席习近平同俄罗斯总统普京举行会谈。")
    assert {("习近平", "works_for", "中共中央", "总书记"), ("习近平", "works_for", "中央军委", "主席")} <= found
    assert ("普京", "works_for", "俄罗斯", "总统") in found and ("习近平", "met", "普京", "") in found
    assert not [r for r in rels(nlp, "新华社北京记者张三报道。") if r[1] == "works_for" and r[2] == "北京"]  # 记者 is no post of a city


def test_indirect_speech_is_said_to_whom_it_names(nlp):
    found = rels(nlp, "李强表示，中方欢迎三星集团扩大在华投资。")
    assert ("李强", "said", "三星集团", "") in found
    assert not [r for r in rels(nlp, "王毅指出，北京和上海都很重要。") if r[1] == "said"]  # places are no one to speak of


def test_pairs_of_states_and_sides_are_no_entities(nlp):
    assert ents(nlp, "中美关系很重要，中方愿同俄方合作。") == []
    assert ("越南", "LOC") in ents(nlp, "越南和巴西的代表访问了中山市。") and ("中山市", "LOC") in ents(
        nlp, "越南和巴西的代表访问了中山市。"
    )


def test_bodies_villages_and_places_before_organisations(nlp):
    from extract.pages import Article
    from graph.build import collect

    def links(text):
        doc = nlp(text)
        doc._.article = Article(id="a", source="t", start=0, end=len(text), text=text)
        return {(lk.source, lk.relation, lk.target) for lk in collect([doc])[1] if lk.relation in ("part_of", "located_in")}

    assert ("ORG:中华全国总工会权益保障部", "part_of", "ORG:中华全国总工会") in links(
        "全国总工会召开会议，全国总工会权益保障部负责人介绍情况。"
    )
    assert ("LOC:海耳村", "part_of", "LOC:石棉县") in links("四川石棉县海耳村发生泥石流。")
    assert ("ORG:高盛集团", "located_in", "LOC:美国") in links("李强会见美国高盛集团董事长。")


def test_a_kind_of_place_or_body_is_no_name(nlp):
    found = ents(nlp, "北方地区的高速公路和公办大学都在建设，产业集团投资跨境电信。")
    assert not [e for e in found if e[1] in ("LOC", "ORG")]
    assert ("华为公司", "ORG") in ents(nlp, "华为公司发布新品。")  # a name with a kind after it stays


def test_a_government_under_two_names_is_one_body(nlp):
    doc = nlp("陕西省政府召开会议，陕西省人民政府副省长出席。")
    assert {e._.canonical for e in doc.ents if e.label_ == "ORG"} == {"陕西省人民政府"}


def test_posts_held_together_and_posts_after_one_body(nlp):
    found = rels(nlp, "李强会见德国西门子公司总裁兼首席执行官博乐仁。")
    assert {("博乐仁", "works_for", "西门子公司", "总裁"), ("博乐仁", "works_for", "西门子公司", "首席执行官")} <= found
    assert ("李强", "met", "博乐仁", "") in found  # the guest is the person, not the company written before him
    assert ("张三", "works_for", "上海市委", "常委") in rels(nlp, "上海市委常委、副市长张三通报情况。")


def test_a_ministry_of_two_fields_is_one_body(nlp):
    assert ("住房和城乡建设部", "ORG") in ents(nlp, "住房和城乡建设部部长倪虹介绍情况。")
    assert not [e for e in ents(nlp, "要做好学习和工作部署。") if e[1] == "ORG"]


def test_an_inspection_at_a_place_is_a_visit_and_a_named_body_is_part_of_its_organisation(nlp):
    from extract.pages import Article
    from graph.build import collect

    assert ("王五", "visited", "宁夏回族自治区") in {r[:3] for r in rels(nlp, "王五在宁夏回族自治区考察。")}
    text = "中央纪委常委会召开会议。"
    doc = nlp(text)
    doc._.article = Article(id="a", source="t", start=0, end=len(text), text=text)
    links = {(lk.source, lk.relation, lk.target) for lk in collect([doc])[1]}
    assert ("ORG:中央纪委常委会", "part_of", "ORG:中央纪委") in links  # the parent is an organisation, not a place


def test_two_bodies_written_as_one_are_two(nlp):
    assert ents(nlp, "中央纪委国家监委公布处分决定。") == [("中央纪委", "ORG"), ("国家监委", "ORG")]
    assert ("文化和旅游部", "ORG") in ents(nlp, "来自文化和旅游部的消息。")  # the verb before a ministry is not its name


def test_a_name_shown_once_to_be_a_persons_is_one_everywhere_in_the_article(nlp):
    doc = nlp("芬兰总统尼尼斯托同他通电话。尼尼斯托再次表示感谢。尼尼斯托表示，愿意加强合作。")
    assert [e.text for e in doc.ents if e.label_ == "PERSON"].count("尼尼斯托") == 3


def events_of(nlp, text, kind):
    return [{role: span.text for span, role in e.args} for e in nlp(text)._.events if e.type == kind]


def test_a_pronoun_speaks_for_the_person_before_it(nlp):
    said = events_of(nlp, "巴西总统卢拉会见了中国代表团。他表示，两国合作前景广阔。", "statement")
    assert {"speaker": "他"} in said
    doc = nlp("巴西总统卢拉会见了中国代表团。他表示，两国合作前景广阔。")
    speaker = next(span for e in doc._.events if e.type == "statement" for span, role in e.args if role == "speaker")
    assert speaker._.canonical == "卢拉"


def test_the_person_a_sentence_opens_with_speaks_far_from_the_verb(nlp):
    said = events_of(nlp, "马克龙介绍了法方对当前局势的看法和近期接触的情况，表示法方愿意继续沟通。", "statement")
    assert {"speaker": "马克龙"} in said


def test_a_visit_to_a_body_and_the_person_behind_the_titles(nlp):
    text = "中共中央政治局常委、国务院副总理丁薛祥到教育部考察，并主持召开座谈会。"
    assert ("丁薛祥", "visited", "教育部", "") in rels(nlp, text)
    assert {"visitor": "丁薛祥", "place": "教育部"} in events_of(nlp, text, "visit")
    assert {"host": "丁薛祥"} in events_of(nlp, text, "meeting")
    rules = [e.rule for e in nlp("到2025年，基本建成现代化体系并开展调研。")._.events]
    assert not [r for r in rules if r.startswith("visit:到")]


def test_a_place_after_its_country_is_a_place_of_its_own(nlp):
    assert ents(nlp, "两国元首在印尼巴厘岛会晤。") == [("印尼", "LOC"), ("巴厘岛", "LOC")]
    assert ("加利福尼亚州", "LOC") in ents(nlp, "他访问了美国加利福尼亚州。")
    assert ("巴西利亚", "LOC") in ents(nlp, "会议在巴西利亚举行。")  # a city named with its country's name
    assert ("朝鲜半岛", "LOC") in ents(nlp, "维护朝鲜半岛和平稳定。")  # 半岛 is no place by itself


def test_a_country_inside_a_word_is_none(nlp):
    assert ("中国", "LOC") not in ents(nlp, "发展中国家正在经历粮食危机。")


def test_every_name_of_a_list_after_a_post_holds_it(nlp):
    found = rels(nlp, "国务院副总理张三、李四和王五出席会议。")
    assert {(n, "works_for", "国务院", "副总理") for n in ("张三", "李四", "王五")} <= found


def test_an_appointment_gives_each_post_of_its_list_also_after_a_comma(nlp):
    found = rels(nlp, "王明同志任湖南省委委员、常委、书记，不再担任贵州省委书记、常委职务。")
    assert {("王明", "works_for", "湖南省委", r) for r in ("委员", "常委", "书记")} <= found
    assert {("王明", "works_for", "贵州省委", r) for r in ("书记", "常委")} <= found


def test_a_word_between_two_names_of_a_list_is_a_name(nlp):
    assert ("明菊兰", "PERSON") in ents(nlp, "诈骗集团骨干成员明国平、明菊兰、明珍珍已被警方抓获。")


def test_a_team_named_for_a_person_is_an_organisation(nlp):
    assert ("王建国班", "ORG") in ents(nlp, "总经理给“王建国班”全体职工写信。")


@pytest.mark.parametrize(
    ("text", "wanted", "unwanted"),
    [
        ("落实党中央、国务院部署要求。", ("国务院", "ORG"), ("国务院部署", "ORG")),  # a two-character action is no body's end
        ("上海合作组织青岛峰会将于明年举行。", ("上海合作组织", "ORG"), ("青岛峰会", "ORG")),  # a summit is no body
        ("明年是中阿建交45周年。", None, ("中阿建", "ORG")),  # a name does not swallow the verb after it
    ],
)
def test_where_a_bodys_name_ends(nlp, text, wanted, unwanted):
    found = ents(nlp, text)
    assert (wanted is None or wanted in found) and unwanted not in found


def test_a_local_bodys_official_name_keeps_its_places_a_company_does_not(nlp):
    assert ("浙江省温州市人民检察院", "ORG") in ents(nlp, "浙江省温州市人民检察院近日依法提起公诉。")
    assert ("太原市晋源区实验中学", "ORG") in ents(nlp, "他来到太原市晋源区实验中学看望师生。")


def test_places_inside_a_name_and_after_a_chain_are_part_of_the_larger_place():
    from graph.hierarchy import structure_links

    def links(mentions):
        return {link[:3] for link in structure_links(mentions)}

    school = links([("ORG", "太原市晋源区实验中学", 0, 10, 0)])
    assert {("晋源区", "太原市", "part_of"), ("太原市晋源区实验中学", "晋源区", "located_in")} <= school
    chain = [("LOC", "四川", 0, 2, 0), ("LOC", "泸定县", 2, 5, 0), ("LOC", "石棉县", 6, 9, 0)]
    assert ("石棉县", "四川", "part_of") in links(chain)
    assert ("积石山县", "临夏州", "part_of") in links([("LOC", "临夏州", 0, 3, 0), ("LOC", "积石山县", 3, 7, 0)])  # short forms
    # A state's own bodies are in it; a company named after the state is not said to be.
    assert ("俄罗斯外交部", "俄罗斯", "located_in") in links([("ORG", "俄罗斯外交部", 0, 6, 0), ("LOC", "俄罗斯", 7, 10, 0)])
    assert not any(link[1] == "中国" for link in links([("ORG", "中国航空集团", 0, 6, 0), ("LOC", "中国", 7, 9, 0)]))


def test_a_name_keeps_its_third_character_and_ministries_read_as_words_are_bodies(nlp):
    assert ("王伟中", "PERSON") in ents(nlp, "广东省长王伟中、副省长张虎出席。")
    found = ents(nlp, "国家防汛抗旱总指挥部办公室、应急管理部将应急响应提升至Ⅲ级。")
    assert ("国家防汛抗旱总指挥部办公室", "ORG") in found and ("应急管理部", "ORG") in found
    assert ("李云泽", "works_for", "金融监管总局", "局长") in rels(nlp, "金融监管总局局长李云泽在论坛上发言。")
    assert not ents(nlp, "各级干部要带头。")


def test_a_body_after_its_place_that_the_article_names_alone_is_in_the_place(nlp):
    found = nlp("李红是河北开滦集团的一名技术员。开滦集团今年扩大生产。")
    assert [(e.text, e.label_) for e in found.ents][:3] == [("李红", "PERSON"), ("河北", "LOC"), ("开滦集团", "ORG")]
    assert ("李红", "works_for", "开滦集团", "技术员") in {(r.head.text, r.label, r.tail.text, r.role) for r in found._.relations}


def test_a_citys_one_character_name_after_a_verb_of_place(nlp):
    doc = nlp("国务院副总理何立峰9日在京会见美国商务部长雷蒙多。")
    (city,) = [e for e in doc.ents if e.text == "京"]
    assert city.label_ == "LOC" and city._.canonical == "北京市"


def test_names_cut_at_either_end_and_prepositions_glued_to_a_place(nlp):
    doc = nlp("土库曼斯坦总统别尔德穆哈梅多夫抵达北京。别尔德穆哈梅多夫表示感谢。")
    assert {e.text for e in doc.ents if e.label_ == "PERSON"} == {"别尔德穆哈梅多夫"}
    assert ("刘国中", "PERSON") in ents(nlp, "副总理刘国中出席开幕式并致辞。")
    text = "国务院总理李强3日下午在北京人民大会堂同欧盟委员会主席冯德莱恩共同会见记者。"
    assert ("北京人民大会堂", "ORG") in ents(nlp, text)
    host = [span.text for e in nlp(text)._.events for span, role in e.args if role == "host"]
    assert host == ["李强"]  # what follows 在 is where, not who


def test_a_places_name_inside_another_word_is_no_mention_of_it(nlp):
    assert ("北京", "LOC") not in ents(nlp, "北京时间3月5日8时，新疆发生地震。")
    assert not [e for e in ents(nlp, "要以中国式现代化推进强国建设。") if e[0] == "中国"]
    assert ("中国", "LOC") in ents(nlp, "中国人民对白俄罗斯人民友好。")


def test_a_citys_standing_is_no_body(nlp):
    found = ents(nlp, "要提升香港国际航运中心地位。")
    assert ("香港", "LOC") in found and not [e for e in found if e[1] == "ORG"]


def test_two_places_written_as_one_and_a_place_read_as_a_person(nlp):
    assert ents(nlp, "在潍坊诸城，企业加快转型。") == [("潍坊", "LOC"), ("诸城", "LOC")]
    assert ("舒兰", "LOC") in ents(nlp, "舒兰市遭遇洪水，舒兰受灾严重。")
    assert ("王浩", "PERSON") in ents(nlp, "王浩说，李强来了。")


def test_a_dotted_name_is_one_and_a_two_character_word_ending_in_bu_is_no_ministry(nlp):
    assert ("特奥多罗·奥比昂·恩圭马·姆巴索戈", "PERSON") in ents(nlp, "习近平同赤道几内亚总统特奥多罗·奥比昂·恩圭马·姆巴索戈会谈。")
    assert not ents(nlp, "加强科学源头和技术根部的研究。")
    assert ("文化和旅游部", "ORG") in ents(nlp, "文化和旅游部部长孙业礼表示。")


def test_a_name_gives_back_the_first_character_of_the_verb_after_it():
    import spacy
    from spacy.tokens import Doc, Span

    from extract.names import glued_verbs

    doc = Doc(spacy.blank("zh").vocab, words=["今年", "是", "中阿建", "交", "40周年"], spaces=[False] * 5)
    doc.ents = [Span(doc, 2, 3, label="ORG")]
    assert [e.text for e in glued_verbs(doc).ents] == ["中阿"]  # 中阿建 | 交 → 中阿 | 建交


def test_a_states_official_name_is_the_state(nlp):
    doc = nlp("应柬埔寨王国首相洪玛奈邀请，代表团将出访。")
    assert [(e.text, e.label_, e._.canonical) for e in doc.ents if e.label_ == "LOC"] == [("柬埔寨王国", "LOC", "柬埔寨")]
    assert ("美国", "LOC") in ents(nlp, "美国联邦储备委员会宣布维持利率。")  # 联邦 is no state form: the body stays


def test_a_name_cut_in_two_and_a_double_name_are_one(nlp):
    import spacy
    from spacy.tokens import Doc, Span

    from extract.names import dotted_names

    assert ("阿库福-阿多", "PERSON") in ents(nlp, "加纳总统阿库福-阿多表示欢迎。")
    doc = Doc(spacy.blank("zh").vocab, words=["总统", "马丁", "内斯库", "、", "王芳"], spaces=[False] * 5)
    doc.ents = [Span(doc, 1, 2, label="PERSON"), Span(doc, 2, 3, label="PERSON"), Span(doc, 4, 5, label="PERSON")]
    assert [e.text for e in dotted_names(doc).ents] == ["马丁内斯库", "王芳"]  # nothing between: one name; 、: two


def test_a_part_of_a_place_by_direction_is_the_place(nlp):
    found = ents(nlp, "今天，甘肃西部、山西中北部和广州以东将有大雨。")
    assert ("甘肃", "LOC") in found and ("山西", "LOC") in found
    assert not [e for e in found if e[0].endswith(("部", "以东"))]


def test_a_post_glued_to_its_state_is_cut_off(nlp):
    found = ents(nlp, "总理会见澳大利亚外长")
    assert not [e for e in found if e[0].endswith("外长")]
    assert ("毛伟明", "works_for", "湖南", "省长") in rels(nlp, "湖南省长毛伟明表示，要抓好春耕。")


def test_short_bodies_the_corpora_name_survive(nlp):
    found = ents(nlp, "欧盟和东盟加强合作，北约秘书长在会上发言。")
    assert {("欧盟", "ORG"), ("东盟", "ORG"), ("北约", "ORG")} <= set(found)
    assert not [e for e in ents(nlp, "各单位要聚力攻坚，严密防范风险。") if e[1] == "ORG"]


def test_a_kind_counted_and_a_glued_di_are_no_names(nlp):
    assert not [e for e in ents(nlp, "全区已有35座口袋公园建成开放。") if "公园" in e[0]]
    assert not [e for e in ents(nlp, "杭州、宁波等地汽车站加开班次。") if e[0].startswith("地")]
    assert ("中国", "LOC") in ents(nlp, "各方坚持一个中国原则。")


def test_a_venue_in_its_city_and_a_country_read_as_a_body(nlp):
    from extract.pages import Article
    from graph.build import collect

    text = "总理在上海国际会议中心会见了来宾。"
    doc = nlp(text)
    doc._.article = Article(id="a", source="t", start=0, end=len(text), text=text)
    assert ("上海", "LOC") in ents(nlp, text) and ("国际会议中心", "LOC") in ents(nlp, text)
    assert ("LOC:国际会议中心", "part_of", "LOC:上海市") in {(lk.source, lk.relation, lk.target) for lk in collect([doc])[1]}


def test_list_members_read_as_places_or_cut_at_a_dot_are_names(nlp):
    import spacy
    from spacy.tokens import Doc, Span

    from extract.names import dotted_names, listed_names

    words = ["王海", "、", "贺辉", "、", "黎明", "出席"]
    doc = Doc(spacy.blank("zh").vocab, words=words, spaces=[False] * 6)
    doc.ents = [Span(doc, 0, 1, label="PERSON"), Span(doc, 2, 3, label="LOC"), Span(doc, 4, 5, label="PERSON")]
    assert [(e.text, e.label_) for e in listed_names(doc).ents] == [("王海", "PERSON"), ("贺辉", "PERSON"), ("黎明", "PERSON")]
    doc = Doc(spacy.blank("zh").vocab, words=["阿卜杜拉", "·本扎耶德", "、", "王海"], spaces=[False] * 4)
    doc.ents = [Span(doc, 0, 1, label="PERSON"), Span(doc, 3, 4, label="PERSON")]
    assert [e.text for e in dotted_names(doc).ents] == ["阿卜杜拉·本扎耶德", "王海"]


def test_a_name_gives_back_the_preposition_before_a_place():
    import spacy
    from spacy.tokens import Doc, Span

    from extract.names import glued_verbs

    doc = Doc(spacy.blank("zh").vocab, words=["副主席", "李明在", "钓鱼台国宾馆", "会见"], spaces=[False] * 4)
    doc.ents = [Span(doc, 1, 2, label="PERSON"), Span(doc, 2, 3, label="LOC")]
    assert [e.text for e in glued_verbs(doc).ents] == ["李明", "钓鱼台国宾馆"]


def test_a_foreign_name_cut_into_words_after_a_post_is_one(nlp):
    import spacy
    from spacy.tokens import Doc, Span

    from extract.names import names_after_posts

    words, tags = ["外长", "内", "塔尼亚", "胡", "表示"], ["n", "f", "LOC", "PER", "v"]
    doc = Doc(spacy.blank("zh").vocab, words=words, spaces=[False] * 5, tags=tags)
    doc.ents = [Span(doc, 2, 3, label="LOC"), Span(doc, 3, 4, label="PERSON")]
    assert [(e.text, e.label_) for e in names_after_posts(doc).ents] == [("内塔尼亚胡", "PERSON")]
    doc = Doc(spacy.blank("zh").vocab, words=["总统", "王", "海", "表示"], spaces=[False] * 4, tags=["n", "PER", "PER", "v"])
    assert not names_after_posts(doc).ents  # a Chinese name reads as no transliteration


def test_a_foreign_body_read_as_a_place_a_vessel_and_a_countrys_part(nlp):
    found = ents(nlp, "（新闻联播）：法国国防部5日称，“戴高乐”号航母驶离港口，演习在法国南部举行。")
    assert ("法国", "LOC") in found and ("国防部", "ORG") in found
    assert not [e for e in found if e[1] == "PERSON" or e[0].endswith("南部")]


def test_a_name_whose_post_another_holds_is_a_body_and_a_channel_is_one(nlp):
    import spacy
    from spacy.tokens import Doc, Span

    from extract.names import posts_of_bodies

    words = ["（", "希兹卡", "）", "高级官员", "卡西姆", "表示", "，", "希兹卡", "称"]
    doc = Doc(spacy.blank("zh").vocab, words=words, spaces=[False] * 9)
    doc.ents = [Span(doc, i, i + 1, label="PERSON") for i in (1, 4, 7)]
    assert [(e.text, e.label_) for e in posts_of_bodies(doc).ents] == [("希兹卡", "ORG"), ("卡西姆", "PERSON"), ("希兹卡", "ORG")]
    doc = Doc(spacy.blank("zh").vocab, words=["总统", "普京", "特使", "德米特里耶夫", "抵达"], spaces=[False] * 5)
    doc.ents = [Span(doc, i, i + 1, label="PERSON") for i in (1, 3)]
    assert [e.label_ for e in posts_of_bodies(doc).ents] == ["PERSON", "PERSON"]  # an envoy is a person's
    assert ("央视社会与法频道", "ORG") in ents(nlp, "节目今晚在央视社会与法频道播出。")


def test_states_counted_a_triple_and_a_place_that_reads_like_a_pair(nlp):
    assert ents(nlp, "多国人士出席了中日韩三国论坛。") == []
    assert ("加沙", "LOC") in ents(nlp, "以军空袭加沙，加沙地带北部多地遭袭。")
    assert ("老挝", "LOC") in ents(nlp, "报告出版了越南文、老挝文版本。")


def test_a_places_people_at_large_is_the_place_and_a_glued_city_letter():
    import spacy
    from spacy.tokens import Doc, Span

    from extract.names import city_letters, common_nouns

    doc = Doc(spacy.blank("zh").vocab, words=["据", "英国社会", "调查"], spaces=[False] * 3)
    doc.ents = [Span(doc, 1, 2, label="ORG")]
    assert [(e.text, e.label_) for e in common_nouns(doc).ents] == [("英国", "LOC")]
    doc = Doc(spacy.blank("zh").vocab, words=["在", "沪全国政协", "委员"], spaces=[False] * 3)
    doc.ents = [Span(doc, 1, 2, label="ORG")]
    assert [(e.text, e.label_) for e in city_letters(doc).ents] == [("沪", "LOC"), ("全国政协", "ORG")]


def test_a_places_post_with_the_place_left_out_is_the_places(nlp):
    from extract.pages import Article
    from graph.build import collect

    text = "湖北省委书记王海、省长李明出席会议。"
    doc = nlp(text)
    doc._.article = Article(id="a", source="t", start=0, end=len(text), text=text)
    found = {(lk.source, lk.relation, lk.target, lk.role) for lk in collect([doc])[1] if lk.relation == "works_for"}
    assert ("PERSON:李明", "works_for", "LOC:湖北省", "省长") in found
    assert ("PERSON:王海", "works_for", "ORG:湖北省委", "书记") in found
    assert not [r for r in found if r[0] == "PERSON:李明" and r[2] == "ORG:湖北省委"]


def test_a_post_read_into_a_name_and_a_verb_before_a_post():
    import spacy
    from spacy.tokens import Doc, Span

    from extract.names import names_after_posts
    from extract.relations import post_after

    doc = Doc(spacy.blank("zh").vocab, words=["科威特", "埃米尔纳瓦夫", "致电"], spaces=[False] * 3)
    doc.ents = [Span(doc, 0, 1, label="LOC"), Span(doc, 1, 2, label="PERSON")]
    assert [e.text for e in names_after_posts(doc).ents] == ["科威特", "纳瓦夫"]
    vocab = spacy.blank("zh").vocab
    assert post_after(Doc(vocab, words=["释放", "总统"], spaces=[False] * 2, tags=["v", "n"]), 0) == ""
    assert post_after(Doc(vocab, words=["执行", "董事"], spaces=[False] * 2, tags=["v", "n"]), 0) == "执行董事"


def test_a_foreign_region_read_as_a_name_and_a_states_army():
    import spacy
    from spacy.tokens import Doc, Span

    from extract.names import country_pairs, dotted_names

    doc = Doc(spacy.blank("zh").vocab, words=["第", "聂伯罗", "彼得罗夫斯克州", "官员"], spaces=[False] * 4)
    doc.ents = [Span(doc, 1, 2, label="PERSON"), Span(doc, 2, 3, label="PERSON")]
    assert [(e.text, e.label_) for e in dotted_names(doc).ents] == [("聂伯罗彼得罗夫斯克州", "LOC")]
    doc = Doc(spacy.blank("zh").vocab, words=["俄军", "称"], spaces=[False] * 2)
    doc.ents = [Span(doc, 0, 1, label="PERSON")]
    assert [(e.text, e.label_) for e in country_pairs(doc).ents] == [("俄军", "ORG")]


def test_a_party_is_a_body_and_a_forecasts_weather_is_no_place(nlp):
    import spacy
    from spacy.tokens import Doc

    from extract.names import bodies_by_word

    doc = Doc(spacy.blank("zh").vocab, words=["自由民主党", "和", "执政党", "会谈"], spaces=[False] * 4, tags=["n", "c", "n", "v"])
    assert [(e.text, e.label_) for e in bodies_by_word(doc).ents] == [("自由民主党", "ORG")]
    found = ents(nlp, "天气预报：兰州晴转多云，西宁阴。")
    assert ("兰州", "LOC") in found and not [e for e in found if e[0].endswith(("晴", "阴"))]


def test_a_company_after_its_group_and_an_office_after_its_body(nlp):
    from extract.pages import Article
    from graph.build import collect

    text = "他在山东能源集团济宁东方公司工作。"
    doc = nlp(text)
    doc._.article = Article(id="a", source="t", start=0, end=len(text), text=text)
    assert ("山东能源集团", "ORG") in ents(nlp, text) and ("济宁东方公司", "ORG") in ents(nlp, text)
    assert ("ORG:济宁东方公司", "part_of", "ORG:山东能源集团") in {(lk.source, lk.relation, lk.target) for lk in collect([doc])[1]}
    assert ("中央纪委国家监委驻交通运输部纪检监察组", "ORG") in ents(nlp, "中央纪委国家监委驻交通运输部纪检监察组通报情况。")


def test_a_stretch_of_a_place_kinds_of_area_and_a_pair_with_any_state(nlp):
    assert ("宁夏", "LOC") in ents(nlp, "黄河宁夏段全线平稳开河。")
    assert not [e for e in ents(nlp, "全省各级经开区和建制村加快发展。") if e[1] == "LOC"]
    assert not [e for e in ents(nlp, "他指出，中摩建交以来合作成果丰硕。") if e[1] == "LOC"]


def test_joined_bodies_of_any_kind_and_a_name_that_swallowed_a_conjunction(nlp):
    assert ("国务院发展研究中心和社会科学研究院", "ORG") not in ents(nlp, "北京和上海的代表出席。")
    assert ("中国科学院植物和动物研究所", "ORG") in ents(nlp, "中国科学院植物和动物研究所发布报告。")
    assert ("全国政协", "ORG") in ents(nlp, "全国政协愿同各方加强交流。")


def test_the_names_of_a_list_of_companies_are_companies_and_trades_are_not(nlp):
    found = ents(nlp, "代表们参观了华为、小米、中兴等多家企业展台。")
    assert {("华为", "ORG"), ("小米", "ORG"), ("中兴", "ORG")} <= set(found)
    assert not ents(nlp, "钢铁、煤炭、电力等企业加快转型。")
    assert ("广东", "LOC") in ents(nlp, "在广东、福建等地企业中推广。")


def test_a_meeting_or_fair_is_no_body_and_a_peoples_congress_is(nlp):
    assert not [e for e in ents(nlp, "第五届中国国际食品交易会今天开幕，展馆人气很旺。") if e[1] == "ORG"]
    assert ents(nlp, "第二届沈阳国际装备洽谈会开幕。") == [("沈阳", "LOC")]
    assert ("云南省人民代表大会", "ORG") in ents(nlp, "云南省人民代表大会通过决议。")
    import spacy
    from spacy.tokens import Doc

    from extract.names import common_nouns

    words, tags = ["哈尔滨", "国际", "洽谈会", "开幕"], ["ORG", "n", "n", "v"]
    doc = Doc(spacy.blank("zh").vocab, words=words, spaces=[False] * 4, tags=tags, ents=["B-ORG", "O", "O", "O"])
    assert [(e.text, e.label_) for e in common_nouns(doc).ents] == [("哈尔滨", "LOC")]


def test_a_name_after_a_post_keeps_a_first_character_the_backbone_read_as_a_verb_and_a_ministry_no_reporter(nlp):
    assert ("扎哈罗娃", "PERSON") in ents(nlp, "俄罗斯外交部发言人扎哈罗娃13日表示，俄方欢迎。")
    assert ("工业和信息化部", "ORG") in ents(nlp, "记者从工业和信息化部了解到，试点启动。")


def test_one_name_one_kind_in_an_article():
    import spacy
    from spacy.tokens import Doc

    from extract.names import one_label

    words = ["巴拉卡特", "以西", "，", "萨米尔", "武装", "和", "萨米尔", "、", "萨米尔", "、", "西湖各界联谊委员会"]
    ents_ = ["B-PERSON", "O", "O", "B-ORG", "O", "O", "B-ORG", "O", "B-LOC", "O", "B-LOC"]
    doc = Doc(spacy.blank("zh").vocab, words=words, spaces=[False] * len(words), ents=ents_)
    expected = [("巴拉卡特", "LOC")] + [("萨米尔", "ORG")] * 3 + [("西湖各界联谊委员会", "ORG")]
    assert [(e.text, e.label_) for e in one_label(doc).ents] == expected


def _doc(words, tags, ents_):
    import spacy
    from spacy.tokens import Doc

    return Doc(spacy.blank("zh").vocab, words=words, spaces=[False] * len(words), tags=tags, ents=ents_)


def test_a_two_character_name_with_nothing_of_a_person_beside_it_is_a_word():
    from extract.names import idiom_names

    def people(words, tags, ents_):
        return [e.text for e in idiom_names(_doc(words, tags, ents_)).ents]

    # 林涛 read as a name in "the sea of forest": once, no post, no list, no verb of a person's.
    assert (
        people(["在", "茫茫", "林涛", "的", "见证", "下"], ["p", "a", "PER", "u", "vn", "f"], ["O", "O", "B-PERSON", "O", "O", "O"]) == []
    )
    # A post, a list of names (spaces between), a verb of speech, an anonymous name: persons.
    assert people(["秘书长", "林涛", "出席"], ["n", "PER", "v"], ["O", "B-PERSON", "O"]) == ["林涛"]
    assert people(["王明", "　", "林涛"], ["PER", "w", "PER"], ["B-PERSON", "O", "B-PERSON"]) == ["王明", "林涛"]
    assert people(["，", "林涛", "表示"], ["w", "PER", "v"], ["O", "B-PERSON", "O"]) == ["林涛"]
    assert people(["，", "林某", "失职"], ["w", "PER", "v"], ["O", "B-PERSON", "O"]) == ["林某"]


def test_a_body_gives_back_the_verb_it_swallowed_and_two_ministries_are_two():
    from extract.names import glued_verbs, two_bodies

    doc = glued_verbs(_doc(["生态环境部联合", "林草局", "发文"], ["ORG", "ORG", "v"], ["B-ORG", "B-ORG", "O"]))
    assert [(e.text, e.label_) for e in doc.ents] == [("生态环境部", "ORG"), ("林草局", "ORG")]
    doc = glued_verbs(_doc(["河南组织", "专家", "下乡"], ["ORG", "n", "v"], ["B-ORG", "O", "O"]))
    assert [(e.text, e.label_) for e in doc.ents] == [("河南", "LOC")]  # a place organises; 世界卫生组织 stays whole
    doc = glued_verbs(_doc(["世界卫生组织", "宣布"], ["ORG", "v"], ["B-ORG", "O"]))
    assert [e.text for e in doc.ents] == ["世界卫生组织"]
    doc = glued_verbs(_doc(["中方", "愿", "同亚投行", "合作"], ["n", "v", "ORG", "v"], ["O", "O", "B-ORG", "O"]))
    assert [e.text for e in doc.ents] == ["亚投行"]
    for name, parts in [("水利部会同应急管理部", ["水利部", "应急管理部"]), ("商务部财政部", ["商务部", "财政部"])]:
        assert [e.text for e in two_bodies(_doc([name, "部署"], ["ORG", "v"], ["B-ORG", "O"])).ents] == parts
    assert [e.text for e in two_bodies(_doc(["武装部队总参谋部", "称"], ["ORG", "v"], ["B-ORG", "O"])).ents] == ["武装部队总参谋部"]


def test_two_bodies_joined_by_he_and_a_name_the_post_took_a_character_of(nlp):
    found = ents(nlp, "自然资源部和退役军人事务部今天发布公告。")
    assert ("自然资源部", "ORG") in found and ("退役军人事务部", "ORG") in found
    from extract.names import names_after_posts

    doc = names_after_posts(_doc(["会见", "总统扎", "卡洛夫斯"], ["v", "n", "PER"], ["O", "O", "B-PERSON"]))
    assert [e.text for e in doc.ents] == ["扎卡洛夫斯"]
    doc = names_after_posts(_doc(["秘书长", "卡洛夫斯"], ["n", "PER"], ["O", "B-PERSON"]))
    assert [e.text for e in doc.ents] == ["卡洛夫斯"]  # a whole post keeps its last character


def test_a_country_gives_back_the_start_of_the_next_name():
    from extract.names import cut_countries

    def places(words, tags, ents_):
        return [e.text for e in cut_countries(_doc(words, tags, ents_)).ents]

    assert places(["对", "也门萨", "那", "空袭"], ["p", "LOC", "r", "vn"], ["O", "B-LOC", "O", "O"]) == ["也门", "萨那"]
    assert places(["沙特王", "储"], ["LOC", "n"], ["B-LOC", "O"]) == ["沙特"]
    assert places(["乌克兰第", "聂伯罗夫斯克州"], ["LOC", "LOC"], ["B-LOC", "B-LOC"]) == ["乌克兰", "第聂伯罗夫斯克州"]
    # A place that starts with a country's name is the place: 约旦河, 印度洋; so are its people and its mission.
    for whole in ("约旦河", "印度洋", "美国人", "古巴使馆", "巴西利亚"):
        assert places([whole, "西岸"], ["LOC", "n"], ["B-LOC", "O"]) == [whole]


def test_a_places_countryside_is_the_place_and_a_bodys_members_are_no_body(nlp):
    assert ents(nlp, "去年，陕西省农村居民收入增长。") == [("陕西省", "LOC")]
    assert not [e for e in ents(nlp, "全县两万多名中共党员参加学习。") if e[1] == "ORG"]
    assert ("中国常驻联合国代表团", "ORG") in ents(nlp, "中国常驻联合国代表团发表声明。")
