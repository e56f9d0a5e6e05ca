"""Generated idea texts for the concept and similar-ideas benchmarks: Korean and English mixed,
sentences built from per-topic vocabularies (so there are real clusters to find), with
particles on the Korean nouns as people write them."""

from __future__ import annotations

import random

TOPICS = [
    (["고객", "상담", "콜센터", "응대"], ["customer", "support", "call centre", "service desk"]),
    (["태양광", "에너지", "전력", "절감"], ["solar", "energy", "power", "savings"]),
    (["포장", "재활용", "플라스틱", "용기"], ["packaging", "recycling", "plastic", "bottle"]),
    (["물류", "배송", "창고", "트럭"], ["logistics", "delivery", "warehouse", "truck"]),
    (["직원", "교육", "온보딩", "멘토"], ["staff", "training", "onboarding", "mentor"]),
    (["매장", "진열", "계산대", "대기"], ["store", "display", "checkout", "queue"]),
    (["앱", "알림", "결제", "회원"], ["app", "notification", "payment", "membership"]),
    (["음료", "신제품", "맛", "설탕"], ["drink", "new flavour", "taste", "sugar"]),
    (["안전", "공장", "사고", "점검"], ["safety", "factory", "accident", "inspection"]),
    (["데이터", "분석", "대시보드", "예측"], ["data", "analytics", "dashboard", "forecast"]),
    (["광고", "캠페인", "소셜미디어", "브랜드"], ["advertising", "campaign", "social media", "brand"]),
    (["자판기", "무인", "키오스크", "주문"], ["vending machine", "self-service", "kiosk", "ordering"]),
    (["물", "절수", "세척", "폐수"], ["water", "saving water", "cleaning", "wastewater"]),
    (["건강", "운동", "식단", "복지"], ["health", "exercise", "diet", "wellbeing"]),
    (["협력사", "구매", "계약", "원가"], ["supplier", "purchasing", "contract", "cost"]),
    (["이벤트", "축제", "체험", "지역"], ["event", "festival", "experience", "local community"]),
]
PARTICLES = ["", "을", "를", "의", "에", "에서", "으로", "와", "은", "는", "이", "가"]
KO_TEMPLATES = [
    "{a}{p1} 개선해서 {b}{p2} 줄이는 방법", "{a}와 {b}{p1} 연결한 새로운 {c} 서비스",
    "{c}{p1} 위한 {a} 자동화 아이디어",
    "{a} {b} 시스템 도입으로 {d} 효율 향상", "우리 {a}{p1} 더 좋게 만드는 {b} 제안", "{b}{p1} 활용한 {c} {d} 개선안",
]
EN_TEMPLATES = [
    "Improve {a} by rethinking {b}", "A new {c} service that connects {a} and {b}", "Automate {a} for better {c}",
    "Use {b} to cut {d} costs", "Make our {a} better with {b} and {c}", "A {d} pilot for {a} in every region",
]
FILLER_KO = ["매일", "쉽게", "빠르게", "모든 지점에서", "고객과 함께", "비용 없이", "다음 분기에", "시범적으로"]
FILLER_EN = ["every day", "easily", "quickly", "in every branch", "with our customers", "at no cost",
             "next quarter", "as a pilot"]


def _fill(rng, template, words, korean):
    a, b, c, d = rng.sample(words, 4)
    return template.format(a=a, b=b, c=c, d=d, p1=rng.choice(PARTICLES) if korean else "",
                           p2=rng.choice(PARTICLES) if korean else "")


def idea(rng: random.Random) -> tuple[str, str, int]:
    """(title, body, topic)."""
    topic = rng.randrange(len(TOPICS))
    korean = rng.random() < 0.6
    words = TOPICS[topic][0 if korean else 1]
    templates, filler = (KO_TEMPLATES, FILLER_KO) if korean else (EN_TEMPLATES, FILLER_EN)
    title = _fill(rng, rng.choice(templates), words, korean)
    other = TOPICS[rng.randrange(len(TOPICS))][0 if korean else 1]  # a little noise from another topic
    body = ". ".join([_fill(rng, rng.choice(templates), words, korean), rng.choice(filler),
                      _fill(rng, rng.choice(templates), words + other[:1], korean)])
    return title, body, topic


def ideas(n: int, seed: int = 1) -> list[tuple[str, str, int]]:
    rng = random.Random(seed)
    return [idea(rng) for _ in range(n)]
