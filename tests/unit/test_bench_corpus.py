"""The benchmark corpus generator: deterministic, announcement-shaped, no plan id twice."""

from __future__ import annotations

from benchmarks.corpus import CorpusSpec, generate, municipality_pool, real_fragments


def test_fragments_come_from_the_real_document() -> None:
    frags = real_fragments()
    assert frags.title == "## 【承認した地域産業活性化計画の概要】"
    assert len(frags.plans) == 6
    # 品川区: markdown heading, period on its own line, two photo captions (typed from the source)
    shinagawa = frags.plans[0]
    assert (shinagawa.markdown, shinagawa.period_inline) == (True, False)
    assert shinagawa.captions == ("パピリオン共同出展事業", "デジタル人材育成講座")
    assert shinagawa.summary.startswith("区内中小企業の経営環境は")
    assert shinagawa.sections[2][2] == (
        "事業PR販売促進助成、エンジニア確保支援事業、スタートアップとの連携強化、創業支援施設事業充実",
    )
    # 八王子市: plain heading with the period on the same line
    assert (frags.plans[2].markdown, frags.plans[2].period_inline) == (False, True)
    # 東村山市 has no caption
    assert frags.plans[4].captions == ()


def test_same_seed_same_bytes_other_seed_other_bytes() -> None:
    a = [d.text for d in generate(CorpusSpec(15, seed=3))]
    assert a == [d.text for d in generate(CorpusSpec(15, seed=3))]
    assert a != [d.text for d in generate(CorpusSpec(15, seed=4))]


def test_plan_ids_unique_across_a_large_corpus() -> None:
    docs = generate(CorpusSpec(1000))
    ids = [p for d in docs for p in d.plan_ids]
    assert len(ids) == len(set(ids))
    assert all(5 <= len(d.plan_ids) <= 7 for d in docs)


def test_documents_use_one_prefecture_and_name_their_plans() -> None:
    pool = municipality_pool()
    for d in generate(CorpusSpec(20, seed=11)):
        names = dict(pool[d.prefecture])
        for plan_id in d.plan_ids:
            code, start = plan_id.split("-")
            name = names[code]
            assert f"「{name}地域産業活性化計画」（{name}）" in d.text
            assert 2019 <= int(start) <= 2027
