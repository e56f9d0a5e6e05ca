"""The applicant pool: about 300 people aged 16 to 24, modelled on headbox's co-creation
community from which Unilever recruited the 18 Lynx/Axe partners.

Everything here is drawn from one ``random.Random`` so the same seed gives the same people.
Most are Korean and write Korean; some are international students or Korean-Americans who
use the site in English, so the lab is bilingual the way a Seoul campus is."""

from __future__ import annotations

import random
from dataclasses import dataclass, field

# (hangul, romanised) surnames, weighted roughly by how common they are.
SURNAMES = [
    ("김", "kim", 21), ("이", "lee", 15), ("박", "park", 8), ("최", "choi", 5), ("정", "jung", 5),
    ("강", "kang", 3), ("조", "cho", 3), ("윤", "yoon", 3), ("장", "jang", 3), ("임", "lim", 3),
    ("한", "han", 2), ("오", "oh", 2), ("서", "seo", 2), ("신", "shin", 2), ("권", "kwon", 2),
    ("황", "hwang", 2), ("안", "ahn", 2), ("송", "song", 2), ("류", "ryu", 1), ("홍", "hong", 1),
    ("전", "jeon", 1), ("고", "ko", 1), ("문", "moon", 1), ("양", "yang", 1), ("배", "bae", 1),
]

# (hangul, romanised, gender) given names popular for people born 2002-2010.
GIVEN_NAMES = [
    ("민준", "minjun", "male"), ("서준", "seojun", "male"), ("도윤", "doyun", "male"),
    ("예준", "yejun", "male"), ("시우", "siwoo", "male"), ("하준", "hajun", "male"),
    ("지호", "jiho", "male"), ("주원", "juwon", "male"), ("지후", "jihoo", "male"),
    ("준우", "junwoo", "male"), ("현우", "hyunwoo", "male"), ("건우", "gunwoo", "male"),
    ("우진", "woojin", "male"), ("선우", "sunwoo", "male"), ("태민", "taemin", "male"),
    ("승현", "seunghyun", "male"), ("재윤", "jaeyoon", "male"), ("은찬", "eunchan", "male"),
    ("동현", "donghyun", "male"), ("민재", "minjae", "male"), ("준서", "junseo", "male"),
    ("서연", "seoyeon", "female"), ("서윤", "seoyoon", "female"), ("지우", "jiwoo", "female"),
    ("하은", "haeun", "female"), ("하윤", "hayoon", "female"), ("민서", "minseo", "female"),
    ("지유", "jiyu", "female"), ("윤서", "yunseo", "female"), ("채원", "chaewon", "female"),
    ("수아", "sua", "female"), ("예린", "yerin", "female"), ("다은", "daeun", "female"),
    ("유진", "yujin", "female"), ("은서", "eunseo", "female"), ("가은", "gaeun", "female"),
    ("소율", "soyul", "female"), ("나연", "nayeon", "female"), ("시은", "sieun", "female"),
    ("예원", "yewon", "female"), ("지안", "jian", "female"), ("수빈", "subin", "female"),
    ("지민", "jimin", "other"), ("연우", "yeonwoo", "other"), ("해솔", "haesol", "other"),
]

# People who use the site in English: exchange students, Korean-Americans, expats' kids.
ENGLISH_NAMES = [
    ("Ethan Park", "male"), ("Chloe Kim", "female"), ("Liam Choi", "male"), ("Sophie Lee", "female"),
    ("Noah Jung", "male"), ("Mia Han", "female"), ("Lucas Yoon", "male"), ("Emma Seo", "female"),
    ("Ryan Kang", "male"), ("Grace Lim", "female"), ("Daniel Oh", "male"), ("Olivia Shin", "female"),
    ("Jayden Kwon", "male"), ("Hannah Song", "female"), ("Kevin Hong", "male"), ("Zoe Ahn", "female"),
    ("Nathan Cho", "male"), ("Isabella Hwang", "female"), ("Maya Fernandes", "female"),
    ("Yuki Tanaka", "female"), ("Lin Wei", "male"), ("Tom Becker", "male"), ("Amara Okafor", "female"),
    ("Sam Rivera", "other"), ("Jordan Baek", "other"), ("Priya Nair", "female"), ("Mateo Rossi", "male"),
    ("Ava Moon", "female"), ("Leo Tran", "male"), ("Nina Petrova", "female"),
]

# Region (city) weights: Seoul and the capital area dominate, as they do in the community.
REGIONS = [
    ("서울", 34), ("경기 수원", 6), ("경기 성남", 5), ("경기 고양", 5), ("경기 용인", 4), ("인천", 7),
    ("부산", 9), ("대구", 6), ("대전", 5), ("광주", 5), ("울산", 3), ("세종", 2), ("청주", 2),
    ("전주", 2), ("창원", 2), ("춘천", 1), ("포항", 1), ("제주", 2),
]

INTERESTS_KO = [
    "그루밍", "향수", "힙합", "K-팝 댄스", "e스포츠", "스트리트 패션", "축구", "농구", "러닝",
    "헬스", "사진", "영상 편집", "그래픽 디자인", "캠핑", "보드게임", "뷰티", "비건", "친환경 제품",
    "자취 요리", "여행", "웹툰", "작곡", "스니커즈", "자전거", "클라이밍", "마케팅", "스타트업",
]
INTERESTS_EN = [
    "grooming", "fragrance", "hip-hop", "dance", "esports", "streetwear", "football", "basketball",
    "running", "gym", "photography", "video editing", "graphic design", "sustainability", "travel",
    "music production", "sneakers", "climbing", "marketing", "startups", "skateboarding",
]

EXPERTISE_KO = [
    "영상 편집(프리미어 프로, 캡컷) 3년, 학교 축제 공식 영상 제작",
    "시각디자인과 재학, 패키지 디자인 공모전 입상",
    "화학공학과 2학년, 향료 화학 수업에서 조향 실습",
    "틱톡 크리에이터, 주 3회 숏폼 업로드",
    "대학 마케팅 학회에서 브랜드 캠페인 기획",
    "고등학교 방송부 PD, 교내 라디오 진행",
    "스트리트 댄스팀 리더, 버스킹 공연 기획",
    "3D 모델링(블렌더)과 제품 렌더링",
    "편의점 아르바이트 2년, 진열과 재고 관리 경험",
    "헬스 트레이너 자격증 준비 중, 운동 커뮤니티 운영",
    "사진 동아리 회장, 제품 촬영 외주 경험",
    "UX 리서치 스터디, 사용자 인터뷰 20회 진행",
    "환경 동아리에서 제로웨이스트 캠페인 운영",
    "작곡·사운드 디자인, 유튜브 BGM 제작",
    "e스포츠 대학 리그 선수 겸 방송 진행",
    "경영학과, 소비자 설문 설계와 분석",
    "화장품 리뷰 블로그 운영(월 방문자 3만)",
    "웹툰 작가 지망, 캐릭터 디자인",
    "없음. 하지만 새로운 제품은 누구보다 먼저 써 봅니다",
]
EXPERTISE_EN = [
    "Video editing (Premiere, CapCut); made my school's festival film",
    "Design student; won a packaging design contest",
    "Chemistry major; took a perfumery lab course",
    "TikTok creator posting three shorts a week",
    "Runs a campus marketing club's brand projects",
    "3D modelling and product renders in Blender",
    "Runs a running crew of 40 people in Seoul",
    "UX research: interviewed 20 users for a class project",
    "Sound design and beat making",
    "Barista and part-time retail, I know what sells on a shelf",
    "Nothing formal yet, but I try every new product first",
]

COMMUNITY_ROLES_KO = [
    "대학 댄스동아리 회장", "네이버 카페 '남자 그루밍 연구소' 운영진", "유튜브 그루밍 채널 운영",
    "디스코드 e스포츠 서버 모더레이터", "교내 러닝 크루 리더", "인스타그램 향수 리뷰 계정 운영",
    "대학 총학생회 홍보국장", "고등학교 학생회장", "스니커즈 리셀 커뮤니티 운영진",
    "틱톡 챌린지 크리에이터", "지역 청소년 환경 동아리 대표",
]
COMMUNITY_ROLES_EN = [
    "President of a campus dance club", "Moderator of an esports Discord server",
    "Runs a fragrance review account on Instagram", "Leader of a Seoul running crew",
    "Student council publicity lead", "TikTok challenge creator",
]

WHY_KO = [
    "향에 진심인 스무 살입니다. 친구들 향수는 다 제가 골라줬어요.",
    "매주 숏폼을 올리며 10대가 뭘 좋아하는지 매일 확인합니다.",
    "패키지 디자인 공모전 입상 경험으로 바로 쓸 수 있는 시안을 드릴게요.",
    "운동 동아리 40명이 제 테스트 패널입니다. 솔직한 후기를 모아 올게요.",
    "불편한 걸 못 참는 성격이라 제품마다 개선점을 메모해 둡니다.",
    "조향 수업에서 배운 걸 실제 제품에 써 보고 싶습니다.",
    "지방 학생의 시선도 필요하잖아요. 부산 대학가 반응은 제가 책임집니다.",
    "말보다 만들어서 보여주는 사람입니다. 3D 시안까지 가능해요.",
    "제로웨이스트 캠페인을 운영해 봤고 리필 패키지 아이디어가 많습니다.",
    "팔로워는 적지만 제 추천이면 친구들이 삽니다.",
]
WHY_CLOSERS_KO = [" 끝까지 함께하겠습니다.", " 한 번 맡으면 끝까지 갑니다.", " 기회를 주세요!", ""]
WHY_EN = [
    "I pick scents for all my friends, and they keep coming back for more.",
    "I post shorts every week, so I see what 16-24s react to every single day.",
    "I sketch fast and render faster: you'll get concepts you can use.",
    "My running crew of 40 is my test panel. Honest feedback guaranteed.",
    "I notice every annoying detail of a product and write it down.",
    "An outsider's eye: I moved to Seoul two years ago and see things locals don't.",
]
MADE_KO = [
    "학교 축제 공식 영상을 기획부터 편집까지 맡았고, 조회수 12만을 넘겼습니다. 촬영 동선과 음악 선택을 "
    "친구들 투표로 정한 게 반응이 좋았던 이유 같아요.",
    "자취방 욕실이 좁아서 샤워 용품 거치대를 3D 프린터로 직접 만들었습니다. 기숙사 친구들이 똑같이 "
    "만들어 달라고 해서 도면을 공유했어요.",
    "동아리 단체복을 디자인하면서 땀 냄새 때문에 섬유 탈취제를 직접 섞어 봤습니다. 레몬그라스 비율을 "
    "바꿔 가며 다섯 번 실패했고 여섯 번째에 다들 만족했어요.",
    "편의점 아르바이트를 하면서 데오도란트 진열 위치를 바꿔 보자고 점장님께 제안했고, 한 달 매출이 "
    "눈에 띄게 올랐습니다.",
    "교내 제로웨이스트 캠페인에서 샴푸 리필 스테이션을 한 학기 동안 운영했습니다. 생각보다 사람들이 "
    "용기를 안 가져와서 대여용 공병을 만든 게 핵심이었어요.",
    "러닝 크루 로고와 굿즈를 만들었습니다. 굿즈 수익으로 대회 참가비를 지원했어요.",
    "유튜브에 '10대 남자 그루밍 루틴' 영상을 올렸는데 댓글 질문이 너무 많아서 Q&A 시리즈로 "
    "이어가고 있습니다.",
    "웹툰 캐릭터로 학과 홍보 이모티콘을 만들었고 신입생 단톡방에서 매일 쓰이고 있어요.",
    "고등학교 방송부에서 점심시간 라디오를 기획했습니다. 사연 신청을 구글폼에서 인스타 DM으로 "
    "바꾸니 참여가 세 배가 됐어요.",
    "블렌더로 가상의 향수 병을 디자인해서 포트폴리오 사이트에 올렸습니다.",
]
MADE_EN = [
    "I shot and edited my school's festival film; it passed 120k views. Letting friends vote on the "
    "music was the trick.",
    "I 3D-printed a shower caddy for my tiny dorm bathroom, and half the floor asked for the file.",
    "I ran a refill station for shampoo on campus for a semester. Lending empty bottles made it work.",
    "I redesigned my running crew's logo and merch; the profit paid our race fees.",
    "I started a Q&A series on grooming for guys after my routine video got hundreds of questions.",
]
HOURS_KO = ["주 5시간 정도", "평일 저녁 매일 1시간", "주말마다 3~4시간", "주 8시간 이상 가능",
            "시험 기간 빼고 주 6시간", "방학에는 하루 2시간도 가능"]
HOURS_EN = ["About 5 hours a week", "An hour every weekday evening", "Weekends, 3-4 hours",
            "8+ hours a week", "6 hours a week outside exam weeks"]


@dataclass
class Person:
    """One member of the pool before it becomes a User row."""

    name: str
    email: str
    language: str
    gender: str
    birth_year: int
    region: str
    interests: str
    expertise: str
    languages: str
    follower_count: int
    community_roles: str
    social_links: str
    answers: list[str] = field(default_factory=list)
    promise: float = 0.0  # how strong the application reads; drives the manager's choice

    @property
    def speaks_english(self) -> bool:
        return self.language == "en" or "영어" in self.languages


def _weighted(rng: random.Random, pairs):
    items = [p[:-1] if len(p) > 2 else p[0] for p in pairs]
    return rng.choices(items, weights=[p[-1] for p in pairs])[0]


def _followers(rng: random.Random) -> int:
    """Heavy-tailed reach: most people have a few hundred followers, a handful tens of
    thousands (lognormal with a long right tail, capped)."""
    return min(int(rng.lognormvariate(5.4, 1.7)), 850_000)


def _why(rng: random.Random, english: bool) -> str:
    """The 140-character answer to "Why should we choose you?" (4320 SYD's question)."""
    if english:
        text = rng.choice(WHY_EN)
        extra = rng.choice([" I'm in for the long run.", " Give me a mission.", ""])
    else:
        text = rng.choice(WHY_KO)
        extra = rng.choice(WHY_CLOSERS_KO)
    return (text + extra) if len(text + extra) <= 140 else text


def make_people(rng: random.Random, *, count: int, this_year: int) -> list[Person]:
    """``count`` distinct people aged 16-24; about one in seven uses the site in English."""
    people: list[Person] = []
    emails: set[str] = set()
    english_names = list(ENGLISH_NAMES)
    rng.shuffle(english_names)
    for i in range(count):
        english = bool(english_names) and (i % 7 == 3)
        if english:
            name, gender = english_names.pop()
            local = name.lower().replace(" ", ".")
            language = "en"
        else:
            surname, surname_roman = _weighted(rng, SURNAMES)
            given, given_roman, gender = rng.choice(GIVEN_NAMES)
            name = surname + given
            local = f"{given_roman}.{surname_roman}"
            language = "ko"
        if gender == "other":
            gender = rng.choice(["male", "female", "other", "undisclosed"])
        elif rng.random() < 0.04:
            gender = "undisclosed"
        email = f"{local}@example.com"
        while email in emails:
            email = f"{local}{rng.randint(1, 99):02d}@example.com"
        emails.add(email)
        age = rng.choices(range(16, 25), weights=[4, 6, 8, 12, 14, 14, 12, 10, 8])[0]
        if english:
            interests = rng.sample(INTERESTS_EN, rng.randint(2, 4))
            expertise = rng.choice(EXPERTISE_EN)
            langs = ["English"] + (["Korean"] if rng.random() < 0.6 else [])
            if name in ("Yuki Tanaka",):
                langs.append("Japanese")
            if name in ("Lin Wei",):
                langs.append("Chinese")
        else:
            interests = rng.sample(INTERESTS_KO, rng.randint(2, 4))
            expertise = rng.choice(EXPERTISE_KO)
            langs = ["한국어"]
            if rng.random() < 0.5:
                langs.append("영어")
            if rng.random() < 0.1:
                langs.append("일본어")
            if rng.random() < 0.07:
                langs.append("중국어")
        followers = _followers(rng)
        # Opinion leaders: influence on- or offline (a club leader with few followers counts).
        leader = followers >= 5_000 or rng.random() < 0.08
        roles = ""
        if leader:
            roles = rng.choice(COMMUNITY_ROLES_EN if english else COMMUNITY_ROLES_KO)
        handle = local.replace(".", "_")
        links = ""
        if followers >= 1_000:
            links = f"https://instagram.com/{handle}"
            if followers >= 20_000:
                links += f"\nhttps://www.youtube.com/@{handle}"
        answers = [
            _why(rng, english),
            rng.choice(MADE_EN if english else MADE_KO),
            rng.choice(HOURS_EN if english else HOURS_KO),
        ]
        # Capability and will, not representativeness: expertise, a real thing made,
        # influence, and time to give.
        promise = (
            rng.random() * 4
            + (1.5 if not expertise.startswith(("없음", "Nothing")) else 0)
            + min(followers, 50_000) ** 0.25 / 5
            + (1.2 if roles else 0)
            + (0.8 if answers[2].startswith(("주 8", "8+", "방학")) else 0)
        )
        people.append(Person(
            name=name, email=email, language=language, gender=gender, birth_year=this_year - age,
            region=_weighted(rng, REGIONS), interests=", ".join(interests), expertise=expertise,
            languages=", ".join(langs), follower_count=followers, community_roles=roles,
            social_links=links, answers=answers, promise=round(promise, 3),
        ))
    return people
