"""An IBM-Jam-sized idea pool for the end-to-end proofs (tests/browser/test_ibm_jam_journey.py
and tests/api/test_ibm_jam.py): a few hundred open-channel ideas from many authors, written in
Korean and in English about a handful of real business themes, each text assembled from its
theme's phrases so that no two are alike. Built in bulk: the journeys time the people, not the
factories."""

import random
from dataclasses import dataclass
from datetime import timedelta

from django.contrib.auth.hashers import make_password
from django.utils import timezone

from cocreate.accounts.models import User
from cocreate.core.textsearch import document
from cocreate.ideas.enums import Channel, IdeaState
from cocreate.ideas.models import Idea
from tests.factories import PASSWORD

# theme → (English title starts, English title ends, English sentences,
#          Korean title starts, Korean title ends, Korean sentences)
THEMES = {
    "refill": (
        ["Refill station", "Refillable bottle", "Refill pouch", "Deposit refill can"],
        [
            "for shampoo at the store",
            "for detergent in every branch",
            "with a reusable container",
            "that cuts plastic packaging",
        ],
        [
            "Customers bring the empty container back and refill it.",
            "Less plastic packaging, less waste.",
            "A deposit on each refillable container brings it back.",
            "Refill pouches ship flat and save packaging.",
        ],
        ["리필 스테이션", "다회용 리필 용기", "리필 파우치", "보증금 리필 용기"],
        ["매장마다 설치", "플라스틱 포장 줄이기", "세제와 샴푸 리필", "재활용 용기 회수"],
        [
            "빈 용기를 가져오면 리필해 드립니다.",
            "플라스틱 포장과 쓰레기를 줄입니다.",
            "리필 용기에 보증금을 붙여 회수합니다.",
            "리필 파우치는 포장이 가볍습니다.",
        ],
    ),
    "chatbot": (
        ["Customer support chatbot", "AI chatbot", "Night-time support chatbot", "Chatbot assistant"],
        [
            "that answers delivery questions",
            "for refund requests",
            "in the mobile app",
            "that hands hard cases to an agent",
        ],
        [
            "The chatbot answers common customer questions at any hour.",
            "Agents get the hard support cases.",
            "Customers wait less for support answers.",
            "The chatbot learns from past support conversations.",
        ],
        ["고객 상담 챗봇", "인공지능 상담 챗봇", "야간 고객 상담 챗봇", "상담 챗봇 도우미"],
        ["배송 문의 응대", "환불 문의 자동 응답", "앱 안에서 고객 상담", "어려운 상담은 상담원 연결"],
        [
            "챗봇이 자주 묻는 고객 문의에 바로 답합니다.",
            "상담원은 어려운 고객 상담에 집중합니다.",
            "고객의 상담 대기 시간이 줄어듭니다.",
            "챗봇이 지난 상담 기록으로 학습합니다.",
        ],
    ),
    "solar": (
        ["Solar panels", "Rooftop solar", "Solar canopy", "Solar power"],
        ["on every store roof", "over the parking lot", "for the distribution centre", "with battery storage"],
        [
            "Solar energy cuts the electricity bill.",
            "The panels produce renewable energy all summer.",
            "Battery storage keeps solar energy for the evening.",
            "Solar power lowers our carbon emissions.",
        ],
        ["매장 지붕 태양광 패널", "주차장 태양광 발전", "물류센터 태양광 패널", "태양광 발전 설비"],
        ["전기 요금 절감", "배터리 저장 함께", "재생 에너지 생산", "탄소 배출 감축"],
        [
            "태양광 발전으로 전기 요금을 줄입니다.",
            "태양광 패널이 여름 내내 재생 에너지를 만듭니다.",
            "배터리에 태양광 에너지를 저장합니다.",
            "태양광 발전으로 탄소 배출을 줄입니다.",
        ],
    ),
    "drone": (
        ["Drone delivery", "Delivery drones", "Drone parcel drop", "Autonomous drone"],
        ["for rural customers", "from the warehouse roof", "for urgent medicine parcels", "to island villages"],
        [
            "A drone delivers small parcels within thirty minutes.",
            "Drone delivery reaches villages far from roads.",
            "The warehouse launches delivery drones from its roof.",
            "Parcels arrive by drone without traffic.",
        ],
        ["드론 배송", "배송 드론", "드론 택배", "자율 비행 드론 배송"],
        ["농촌 고객 배송", "물류창고 옥상 출발", "긴급 의약품 배송", "섬 마을까지 배송"],
        [
            "드론이 작은 택배를 삼십 분 안에 배송합니다.",
            "드론 배송은 길이 먼 마을에도 닿습니다.",
            "물류창고 옥상에서 배송 드론이 출발합니다.",
            "교통 체증 없이 드론으로 택배가 도착합니다.",
        ],
    ),
    "loyalty": (
        ["Loyalty points", "Membership points", "Loyalty stamp card", "Points wallet"],
        [
            "in the mobile app",
            "shared with family members",
            "for every recycled container",
            "that customers can donate",
        ],
        [
            "Members collect loyalty points on every purchase.",
            "Points can be shared with family members.",
            "The app shows points and membership rewards.",
            "Customers donate membership points to charity.",
        ],
        ["모바일 앱 멤버십 포인트", "가족 공유 포인트", "멤버십 스탬프 적립", "포인트 지갑"],
        ["구매마다 적립", "기부 기능", "앱에서 적립 확인", "회원 혜택 강화"],
        [
            "회원은 구매할 때마다 멤버십 포인트를 적립합니다.",
            "가족과 포인트를 함께 쓸 수 있습니다.",
            "앱에서 포인트와 멤버십 혜택을 확인합니다.",
            "멤버십 포인트를 기부할 수 있습니다.",
        ],
    ),
    "wellbeing": (
        ["Remote work days", "Flexible working hours", "Employee wellbeing programme", "Quiet focus rooms"],
        ["for office staff", "with a four-day week pilot", "with mental health support", "in every office"],
        [
            "Employees choose flexible hours and remote work days.",
            "Wellbeing improves when staff rest well.",
            "Quiet rooms help employees focus.",
            "Mental health support for every employee.",
        ],
        ["재택근무 제도", "유연 근무제", "직원 복지 프로그램", "집중 업무 공간"],
        ["사무직 직원 대상", "주 4일 근무 시범 운영", "마음 건강 상담 지원", "모든 사무실에 마련"],
        [
            "직원이 유연 근무와 재택근무를 선택합니다.",
            "직원이 잘 쉬면 업무 만족도가 오릅니다.",
            "조용한 공간이 직원의 집중을 돕습니다.",
            "모든 직원에게 마음 건강 상담을 지원합니다.",
        ],
    ),
}


# Where the participant had the idea: shared by every theme, so it is noise clustering must ignore.
PLACES = [
    ("Seoul", "서울"),
    ("Busan", "부산"),
    ("Incheon", "인천"),
    ("Daegu", "대구"),
    ("Gwangju", "광주"),
    ("Daejeon", "대전"),
    ("Ulsan", "울산"),
    ("Suwon", "수원"),
    ("Jeonju", "전주"),
    ("Jeju", "제주"),
]


def jam_text(theme: str, korean: bool, rng: random.Random) -> tuple[str, str]:
    """A title and a description (two or three of the theme's sentences and where the idea
    came up) on ``theme`` in one language."""
    en_start, en_end, en_body, ko_start, ko_end, ko_body = THEMES[theme]
    start, end, sentences = (ko_start, ko_end, ko_body) if korean else (en_start, en_end, en_body)
    title = f"{rng.choice(start)}: {rng.choice(end)}" if korean else f"{rng.choice(start)} {rng.choice(end)}"
    en_place, ko_place = rng.choice(PLACES)
    week = rng.randrange(1, 53)
    where = (
        f"{ko_place} 지점에서 {week}주차에 떠올렸습니다."
        if korean
        else f"It came up at the {en_place} branch in week {week}."
    )
    body = " ".join([*rng.sample(sentences, rng.choice([2, 3])), where])
    return title[:200], body


@dataclass
class Jam:
    ideas: list  # in id order
    themes: dict  # idea id → theme: what clustering has to find, known only to the test
    authors: list


def jam_ideas(org, *, count: int = 240, authors: int = 60, seed: int = 5, language: str = "en") -> Jam:
    """``count`` submitted open-channel ideas of ``org`` by ``authors`` people (who read
    ``language``), the themes taken in turn (count / 6 ideas each), Korean and English in
    alternating rounds, submitted three days ago a minute apart. Nobody has looked at them."""
    rng = random.Random(seed)
    stamp = rng.randrange(10**9)
    password = make_password(PASSWORD)  # hashed once; any author can sign in and follow their idea
    people = User.objects.bulk_create(
        [
            User(email=f"jam{stamp}-{n}@example.com", name=f"Jam {n}", language=language, password=password)
            for n in range(authors)
        ]
    )
    names = list(THEMES)
    now = timezone.now()
    rows, themes = [], []
    for n in range(count):
        theme = names[n % len(names)]
        title, body = jam_text(theme, korean=(n // len(names)) % 2 == 0, rng=rng)
        rows.append(
            Idea(
                organization=org,
                author=people[n % authors],
                channel=Channel.OPEN,
                title=title,
                body=body,
                state=IdeaState.SUBMITTED,
                submitted_at=now - timedelta(days=3, minutes=n),
                search_document=document(title, body),
            )
        )
        themes.append(theme)
    Idea.objects.bulk_create(rows)
    # bulk_create returns primary keys on SQLite and PostgreSQL alike.
    return Jam(ideas=rows, themes={idea.pk: theme for idea, theme in zip(rows, themes, strict=True)}, authors=people)


def purity(groups: list[list[int]], themes: dict[int, str]) -> float:
    """The share of ideas that sit in a group whose most common theme is their own."""
    right = 0
    for ids in groups:
        counts: dict[str, int] = {}
        for i in ids:
            counts[themes[i]] = counts.get(themes[i], 0) + 1
        right += max(counts.values(), default=0)
    return right / max(1, sum(len(g) for g in groups))
