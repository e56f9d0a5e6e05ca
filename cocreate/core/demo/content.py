"""What the demo lab says: organizations, staff, the Lynx/Axe program, its agreement, its
missions and the ideas, each with the fate it meets on its way through the 5R process.

The case is the report's: Unilever recruited 18 partners for Lynx/Axe from headbox's
co-creation community of 16-24 year-olds; the criteria are Coca-Cola's (creativity,
usefulness, brand impact, participant vote at 25 % each); the 140-character question is
V Australia's "4320 SYD". Each idea's fate is written down with its reason, so a rejection
reads like one a person wrote for that idea, not a template."""

from __future__ import annotations

from dataclasses import dataclass, field

PASSWORD = "cocreate-demo"
DEFAULT_SEED = 865  # CEO Information no. 865, the source report

LYNX = {
    "name": "Unilever Korea · Lynx Lab",
    "slug": "lynx-lab",
    "description": (
        "유니레버 코리아가 16–24세 크리에이티브 컨슈머와 함께 Lynx/Axe의 다음 제품과 캠페인을 만드는 "
        "코크리에이션 랩입니다. 아이디어는 누구나 열린 채널에 올릴 수 있고, 선발된 파트너 18명은 "
        "미션에서 함께 일합니다.\n\n"
        "Unilever Korea's co-creation lab, where 16-24 year-old creative consumers shape the next "
        "Lynx/Axe products and campaigns. Anyone can post to the open channel; 18 selected partners "
        "work on missions."
    ),
    # Declined applicants' personal data is erased after four months (the default is 180 days).
    "applicant_retention_days": 120,
}
BRICK = {
    "name": "Brickverse Ideas · 브릭버스 아이디어",
    "slug": "brickverse",
    "description": (
        "누구나 조립 블록 세트 아이디어를 올리고 공감을 모으는 열린 아이디어 채널입니다. 채택된 "
        "아이디어는 제품 디자인팀이 실제 세트로 만듭니다.\n\n"
        "An open channel where anyone proposes a building-brick set and gathers support; the "
        "product design team turns accepted ideas into real sets."
    ),
}

# (key, name, description) per organization; "R&D" receives most forwarded ideas.
LYNX_DEPARTMENTS = [
    ("rnd", "R&D", "향료 개발과 제형 연구 · Fragrance and formulation research"),
    ("marketing", "Marketing", "브랜드와 캠페인 · Brand and campaigns"),
    ("packaging", "Packaging", "용기, 라벨, 리필 · Containers, labels and refills"),
    ("sales", "Sales", "유통과 매장 · Retail and stores"),
]
BRICK_DEPARTMENTS = [("design", "Product Design", "세트 기획과 디자인 · Set planning and design")]


@dataclass(frozen=True)
class Staff:
    key: str
    email: str
    name: str
    language: str
    role: str  # organizations.enums.Role value
    department: str | None = None  # department key for internal partners
    title: str = ""  # job title, kept in the profile's expertise field
    hint: tuple[str, str] = ("", "")  # (Korean, English) what to try first
    url: tuple[str, ...] = ()  # URL name, then kwargs keys filled in by the builder
    # Days ago the person joined, for staff added after the lab's first months; the others'
    # dates are drawn, and a fixed date keeps the draws of everyone else what they were.
    joined_days_ago: float | None = None


LYNX_STAFF = [
    Staff("admin", "admin@lynx.example.com", "정하늘", "ko", "org_admin", title="코크리에이션 랩 운영 총괄",
          hint=("구성원·역할 관리, 감사 기록 보기", "Manage members and roles, read the audit log"),
          url=("organizations:members",)),
    Staff("manager", "manager@lynx.example.com", "김도현", "ko", "program_manager",
          title="Lynx 브랜드 매니저",
          hint=("프로그램, 지원자 300명, 파트너 18명 보기", "Open the program: 300 applicants, 18 partners"),
          url=("programs:detail",)),
    Staff("reviewer", "reviewer@lynx.example.com", "이수빈", "ko", "reviewer", title="리크루팅 담당",
          hint=("2기 인터뷰 심사 대기열: 진행률과 남은 지원자",
                "The 2028 call's interview queue: your progress, who is left"),
          url=("recruiting:review_queue",)),
    Staff("reviewer2", "community@lynx.example.com", "Sarah Jang", "en", "reviewer",
          title="headbox community lead"),
    Staff("judge1", "judge1@lynx.example.com", "박서진", "ko", "judge", title="R&D 향료 연구원",
          hint=("심사 대기 아이디어 채점 (4개 기준 × 25%)", "Score waiting ideas on 4 criteria × 25%"),
          url=("evaluation:queue",)),
    Staff("judge2", "judge2@lynx.example.com", "Emily Carter", "en", "judge", title="Brand marketer",
          hint=("심사 대기 아이디어 채점", "Score the ideas waiting for you"), url=("evaluation:queue",)),
    Staff("judge3", "judge3@lynx.example.com", "최유나", "ko", "judge", title="패키지 디자이너",
          hint=("심사 대기 아이디어 채점", "Score the ideas waiting for you"), url=("evaluation:queue",)),
    Staff("executive", "executive@lynx.example.com", "한지훈", "ko", "executive", title="브랜드 총괄 상무",
          hint=("임원 보드: 모든 아이디어를 걸러지지 않은 채로 보고 결정",
                "Executive board: every idea, unfiltered; decide"),
          url=("realization:board",)),
    # A second executive, so that an appeal goes to someone other than the one who decided.
    Staff("executive2", "executive2@lynx.example.com", "Rachel Moon", "en", "executive",
          title="Head of R&D, Korea",
          hint=("이의 제기 검토: 다른 임원의 거절을 다시 판단 (결과는 최종)",
                "Review appeals against another executive's rejections (final)"),
          url=("realization:appeals",), joined_days_ago=95),
    Staff("rnd", "rnd@lynx.example.com", "오세영", "ko", "internal_partner", department="rnd",
          title="R&D 내부 파트너",
          hint=("전달받은 아이디어의 진행 상황 업데이트", "Post progress on ideas forwarded to R&D"),
          url=("retention:list",)),
    Staff("marketing", "marketing@lynx.example.com", "윤가람", "ko", "internal_partner",
          department="marketing", title="Marketing 내부 파트너"),
    Staff("packaging", "packaging@lynx.example.com", "서민호", "ko", "internal_partner",
          department="packaging", title="Packaging 내부 파트너"),
    Staff("sales", "sales@lynx.example.com", "Daniel Brooks", "en", "internal_partner", department="sales",
          title="Sales internal partner"),
]
BRICK_STAFF = [
    Staff("brick_admin", "admin@brickverse.example.com", "문예진", "ko", "org_admin", title="커뮤니티 매니저",
          hint=("두 번째 조직: 데이터가 섞이지 않는지 확인", "A second tenant: check nothing leaks across"),
          url=("organizations:members",)),
    Staff("brick_executive", "executive@brickverse.example.com", "Oliver Grant", "en", "executive",
          title="Head of product",
          hint=("브릭버스 임원 보드", "Brickverse's executive board"), url=("realization:board",)),
    Staff("brick_design", "design@brickverse.example.com", "남궁현", "ko", "internal_partner",
          department="design", title="제품 디자인팀"),
]

# Three members of the pool with memorable addresses, so a visitor can log in as them.
PERSONAS = {
    "partner": {"email": "partner@example.com", "name": "김하린", "language": "ko", "gender": "female",
                "hint": ("내 아이디어: 결정, 사유, 점수 내역",
                         "My ideas: decisions, reasons, score breakdown"),
                "url": ("ideas:mine",)},
    "newpartner": {"email": "newpartner@example.com", "name": "Chris Yoon", "language": "en",
                   "gender": "male",
                   "hint": ("선발됨: 약관에 동의하면 비공개 미션이 보임",
                            "Selected: accept the agreement to see the confidential missions"),
                   "url": ("programs:agreement",)},
    "member": {"email": "member@example.com", "name": "이준호", "language": "ko", "gender": "male",
               "hint": ("열린 채널에 아이디어 올리기 (두 조직 모두 참여)",
                        "Post to the open channel (active in both organizations)"),
               "url": ("ideas:list",)},
}

PROGRAM = {
    "title": "Lynx/Axe 2027 co-creation",
    "goal": (
        "16–24세 크리에이티브 컨슈머 18명과 함께 2027년 Lynx/Axe 신제품(향, 패키지)과 대학가 캠페인을 "
        "공동 개발합니다. 대표성보다 역량과 의지를 보고 뽑은 소수 정예와 깊이 일하고, 열린 채널로 "
        "모두의 아이디어도 받습니다.\n\n"
        "Co-develop the 2027 Lynx/Axe range (scent and packaging) and a campus campaign with 18 "
        "creative consumers aged 16-24, chosen for capability and will rather than representativeness."
    ),
    "scope": (
        "바디 스프레이, 데오도란트 스틱, 샤워젤 3종과 국내 대학가 온·오프라인 캠페인. 가격 정책과 해외 "
        "유통은 범위 밖입니다. · Body spray, deodorant stick and shower gel; campus campaigns in "
        "Korea. Pricing and export are out of scope."
    ),
    "is_pilot": True,
}

# The question kinds beyond text: one choice, one number (it feeds the interview round's
# "usage frequency") and an optional link.
SCENT_FAMILIES = ["시트러스 · Citrus", "우디 · Woody", "아쿠아 · Aquatic", "스파이시 · Spicy", "머스크 · Musk",
                  "아직 모르겠어요 · Not sure yet"]
EXTRA_QUESTIONS = [
    {"text": "가장 좋아하는 향 계열은? · Your favourite scent family", "kind": "choice",
     "choices": SCENT_FAMILIES},
    {"text": "하루에 몇 시간 온라인에 있나요? · Hours online a day", "kind": "number", "min_value": 0,
     "max_value": 24},
    {"text": "SNS나 포트폴리오 링크 (선택) · A link to your social media or portfolio (optional)",
     "kind": "link", "required": False},
]

RECRUITMENT = {
    "title": "크리에이티브 파트너 18명 모집 · Recruiting 18 creative partners",
    "purpose": (
        "headbox 코크리에이션 커뮤니티(16–24세)에서 Lynx/Axe를 함께 만들 파트너 18명을 찾습니다. "
        "향과 그루밍에 진심인 사람, 직접 만들어 본 경험이 있는 사람, 온·오프라인 커뮤니티에서 영향력이 "
        "있는 사람을 환영합니다. 성별, 지역, 전공의 다양성을 지키며 선발합니다.\n\n"
        "We are looking for 18 partners from headbox's co-creation community (16-24). We select on "
        "capability and willingness, and keep the cohort diverse in gender, region and background."
    ),
    "consent_text": (
        "지원서에 적은 프로필과 답변은 파트너 선발에만 사용하며, 선발 담당자만 열람합니다(열람 기록이 "
        "남습니다). 프로그램 종료 1년 뒤 삭제합니다. · Your profile and answers are used only to "
        "select partners, are read only by the people who select (every read is logged) and are "
        "deleted one year after the program ends."
    ),
    "questions": [
        {"text": "왜 당신을 뽑아야 할까요? (140자 이내) · Why should we choose you?", "kind": "short",
         "max_length": 140},
        {"text": "최근에 직접 만들거나 바꿔 본 것을 소개해 주세요 · "
                 "Tell us about something you made or changed", "kind": "long"},
        {"text": "일주일에 몇 시간 참여할 수 있나요? · How many hours a week can you give?", "kind": "short",
         "max_length": 60},
        *EXTRA_QUESTIONS,
    ],
}

AGREEMENT = {
    "evaluators": (
        "사내 심사위원 3명(R&D 향료 연구원, 브랜드 마케터, 패키지 디자이너)이 모든 미션 아이디어를 "
        "채점하고, 최종 결정은 브랜드 총괄 임원이 내립니다. · Three internal judges (R&D perfumer, "
        "brand marketer, packaging designer) score every mission idea; the brand director decides."
    ),
    "method": (
        "심사위원마다 4개 기준을 0–10점으로 채점하고 기준별 평균에 가중치(각 25%)를 곱해 100점 만점 "
        "총점을 냅니다. '참가자 투표'는 심사위원이 아니라 파트너와 멤버의 공감 수(가장 많이 받은 아이디어 "
        "대비 비율)로 계산합니다. 결정 뒤에는 작성자가 기준별 점수를 볼 수 있습니다. · Each judge scores "
        "0-10 on three criteria; the participant vote is the idea's supports relative to the most supported "
        "idea. The four are weighted 25% each into a total out of 100. Authors see the breakdown once a "
        "decision is made."
    ),
    "ip_ownership": (
        "채택된 아이디어의 지식재산권과 특허는 유니레버 코리아에 귀속됩니다. 제안자는 제품·캠페인 "
        "크레딧에 이름이 실리고, 출시 시 정해진 보상을 받습니다. · Unilever Korea owns the IP and "
        "patents of accepted ideas; authors are credited on the product or campaign and rewarded at launch."
    ),
    "confidentiality": (
        "미션 내용과 출시 전 제품 정보는 출시 전까지 외부(SNS 포함)에 공유할 수 없습니다. · Mission "
        "briefs and unreleased product details stay confidential until launch, social media included."
    ),
    "result_consent": (
        "파트너는 공개된 기준과 절차에 따른 결과를 받아들이는 데 동의합니다. 채택되지 않은 아이디어도 "
        "사유와 함께 보관되며 다시 검토될 수 있고, 원하면 담당 부서와 1:1로 설명을 들을 수 있습니다. · "
        "Partners accept results reached by the published criteria and process; ideas not adopted are "
        "kept with their reasons, can be revived, and a department explains them one to one on request."
    ),
    "criteria": [
        {"name": "창의성 · Creativity", "description": "새롭고 놀라운가 · Is it new and surprising?",
         "weight": 25},
        {"name": "유용성 · Usefulness", "description": "실제 문제를 푸는가 · Does it solve a real problem?",
         "weight": 25},
        {"name": "브랜드 영향 · Brand impact", "description": "Lynx/Axe에 긍정적인가 · Good for the brand?",
         "weight": 25},
        {"name": "참가자 투표 · Participant vote",
         "description": "공감 수로 계산 · Computed from the supports it gathered", "weight": 25,
         "is_crowd_vote": True},
    ],
}

MISSIONS = {
    "m1": {
        "title": "미션 1 · 2027 향과 패키지 · Scent & pack 2027",
        "brief": (
            "16–24세가 '이게 내 향'이라고 느낄 2027년 바디 스프레이 향과, 버리지 않고 다시 채우는 패키지를 "
            "제안해 주세요. 체육 시간, 동아리방, 기숙사처럼 여러분이 실제로 쓰는 장면에서 출발하세요.\n\n"
            "Propose the 2027 body-spray scent 16-24s will call their own, and a pack you refill instead "
            "of throwing away. Start from where you really use it: PE class, club rooms, dorms."
        ),
        "wanted_ideas": "향 조합과 이름, 리필·재활용 패키지, 휴대용 사이즈, 향 지속력 · Scent blends and "
                        "names, refillable packs, pocket sizes, longer-lasting scent",
        "tasks": [
            {"title": "향 무드보드 만들기 · Make a scent mood board",
             "description": "사진 10장과 단어 5개로 원하는 향을 보여주세요."},
            {"title": "패키지 스케치 3종 · Three pack sketches",
             "description": "손그림도 좋습니다. 쓰는 장면을 함께 그려 주세요."},
            {"title": "친구 5명 블라인드 테스트 · Blind-test with 5 friends",
             "description": "시향지를 나눠 주고 반응을 기록해 주세요. "
                            "서로 고른 하위 과제부터 시작해도 됩니다."},
        ],
    },
    "m2": {
        "title": "미션 2 · 캠퍼스 캠페인 · Campus campaign",
        "brief": (
            "2027년 봄 대학가 캠페인을 함께 기획합니다. 유명인 광고 대신 여러분의 친구, 동아리, 과 "
            "단톡방에서 자연스럽게 퍼질 아이디어가 필요합니다. 하위 과제는 스스로 골라 주세요.\n\n"
            "Plan the spring 2027 campus campaign with us: ideas that spread through friends, clubs and "
            "group chats rather than celebrity ads. Pick the sub-tasks you want."
        ),
        "wanted_ideas": "숏폼 챌린지, 팝업, 동아리 협업, 입소문 구조 · Short-video challenges, pop-ups, "
                        "club partnerships, word of mouth",
        "tasks": [
            {"title": "캠페인 컨셉 한 줄 · One-line concept"},
            {"title": "숏폼 스토리보드 · Short-video storyboard"},
            {"title": "오프라인 팝업 동선 · Pop-up floor plan"},
        ],
    },
}


@dataclass(frozen=True)
class IdeaSpec:
    where: str  # "m1" (closed mission), "m2" (open mission), "open" (Lynx channel), "brick"
    lang: str
    title: str
    body: str
    fate: str  # the IdeaState it ends in
    reason: str = ""  # decision reason (accept, park, reject)
    department: str = ""  # department key an accepted idea is forwarded to
    updates: tuple[tuple[int, str], ...] = ()  # outcome progress updates, in order
    judges: int = 3  # judges who scored it (mission ideas that reached evaluation)
    boost: tuple[float, float, float] = (0, 0, 0)  # per-criterion nudge: creativity, usefulness, brand
    author: str = ""  # persona key, else someone suitable from the pool
    hidden: str = ""  # reason the content was hidden as abusive
    revived: str = ""  # reason a parked idea was brought back before the board
    extra: dict = field(default_factory=dict)


I = IdeaSpec  # noqa: E741 - a short name keeps the table below readable

IDEAS: list[IdeaSpec] = [
    # ---- Mission 1 (closed): scent and pack 2027 --------------------------------------------
    I("m1", "ko", "비 온 뒤 운동장 냄새, '페트리코어' 바디 스프레이",
      "비 온 뒤 흙냄새(페트리코어)에 시트러스를 살짝 더한 향을 제안합니다. 체육 시간이나 축구가 끝난 뒤 "
      "뿌려도 땀 냄새와 섞이지 않는 가벼운 향이면 좋겠어요. 친구 5명 블라인드 테스트에서 4명이 '가장 나 "
      "같은 향'으로 골랐습니다. 이름은 영어 그대로 Petrichor, 캔에는 젖은 운동장 사진을 흑백으로.",
      "implemented", reason="블라인드 테스트 근거가 탄탄하고 심사위원 3명 모두 최고점을 줬습니다. R&D로 "
      "전달해 시안을 만듭니다.", department="rnd", author="partner", boost=(1.5, 0.5, 1),
      updates=((20, "향료팀이 페트리코어 계열 시안 3종을 만들었습니다. 다음 주 파트너 블라인드 테스트를 "
                    "엽니다."),
               (60, "2차 시안이 소비자 패널 테스트에서 선호도 1위를 했습니다. 지금은 지속력을 보완하고 "
                    "있어요."),
               (100, "2027년 3월 출시 라인업에 'Lynx Petrichor'로 확정되었습니다. 캔 뒷면에 제안자 이름이 "
                     "들어갑니다. 함께해 주셔서 고맙습니다!"))),
    I("m1", "ko", "알루미늄 본체 + 편의점 리필 파우치",
      "본체 캔은 한 번만 사고, 향은 편의점에서 파우치 리필로 사는 구조입니다. 리필 가격이 새 제품보다 "
      "30% 싸면 학생들은 무조건 리필을 삽니다. 다 쓴 파우치는 매장 수거함에 넣으면 포인트를 주고요.",
      "implemented", reason="재활용 목표와 학생 가격 민감도를 모두 겨냥한 제안입니다. Packaging으로 "
      "전달합니다.", department="packaging", boost=(0.5, 1.5, 1),
      updates=((30, "알루미늄 본체 금형 견적을 받았고, 파우치 소재 후보 2종을 고르는 중입니다."),
               (70, "리필 파우치가 누액·낙하 테스트를 통과했습니다."),
               (100, "서울 40개 편의점에서 리필 파우치 시범 판매를 시작했습니다."))),
    I("m1", "ko", "주머니에 쏙 들어가는 30ml 미니 스프레이",
      "교복 바지 주머니나 체육복 주머니에 들어가는 30ml 미니 사이즈가 있으면 좋겠어요. 지금 150ml 캔은 "
      "가방에서만 꺼낼 수 있어서 정작 필요할 때 못 씁니다. 립밤 크기 정도면 충분해요.",
      "in_implementation", reason="휴대 수요가 여러 아이디어에서 반복해서 나왔습니다. Packaging이 "
      "용기 규격을 검토합니다.", department="packaging",
      updates=((25, "30ml 에어로졸 용기 공급사 두 곳과 샘플 협의를 시작했습니다."),
               (50, "샘플 캔 200개로 파트너 사용성 테스트를 진행 중입니다."))),
    I("m1", "en", "Sweat-activated scent layer",
      "A base that stays quiet until you start sweating, then releases a fresh top note. The point is "
      "not to smell strong all day but to smell good exactly when you need it: after PE, the gym, or "
      "a crowded bus in July.",
      "in_implementation", reason="Strong on usefulness and novelty; R&D already has an encapsulation "
                                  "technology to test.", department="rnd", boost=(1.5, 1, 0),
      updates=((15, "R&D is testing two encapsulated fragrance systems on fabric swatches."),)),
    I("m1", "ko", "향 이름을 플레이리스트처럼",
      "향마다 '새벽 3시 편의점', 'Late Night Drive', '시험 끝난 금요일'처럼 장면이 떠오르는 이름을 붙이고, "
      "캔의 QR로 그 분위기의 플레이리스트를 여는 아이디어입니다. 향을 설명하는 대신 상황을 파는 거죠.",
      "in_implementation", reason="캠페인과 패키지를 잇는 아이디어라 Marketing으로 전달합니다.",
      department="marketing",
      updates=((40, "음원 플랫폼 두 곳과 제휴 조건을 협의하고 있습니다. 향 이름 후보 12개를 파트너 투표에 "
                    "올릴 예정입니다."),
               (55, "파트너 투표로 향 이름 4개가 정해졌습니다."))),
    I("m1", "ko", "무향 베이스 + 향 캡슐 두 개 조합",
      "무향 베이스 캔에 작은 향 캡슐 두 개를 골라 끼우는 방식이면, 그날 기분에 따라 조합을 바꿀 수 있어요. "
      "캡슐만 따로 팔면 친구끼리 교환하는 재미도 생깁니다.",
      "accepted", reason="개인화 트렌드와 맞고 캡슐 판매라는 새 수익 구조가 있습니다. R&D가 제형 "
                         "안정성부터 봅니다.", department="rnd"),
    I("m1", "en", "Braille and high-contrast labels",
      "Put the scent name in Braille on the cap and use a high-contrast label. Blind and low-vision "
      "users can't tell our cans apart today, and the change costs almost nothing.",
      "accepted", reason="Low cost, clear benefit, and fits Unilever's inclusive design commitments. "
                         "Forwarded to Packaging.", department="packaging", boost=(0, 1.5, 1)),
    I("m1", "ko", "흰 셔츠에 자국이 남지 않는 스틱",
      "교복 셔츠가 흰색이라 데오도란트 스틱을 쓰면 겨드랑이에 하얀 자국이 남아요. 투명하게 발리고 빨래 "
      "후에도 누렇게 변하지 않는 스틱이 있으면 스프레이 대신 쓰겠습니다.",
      "in_executive_review"),
    I("m1", "ko", "계절 한정 향: 벚꽃 말고 '첫눈'",
      "봄마다 벚꽃 향은 너무 많아요. 겨울 한정으로 차가운 공기와 머스크를 섞은 '첫눈' 향을 내면 "
      "수능 끝난 시즌과도 맞습니다.",
      "in_executive_review"),
    I("m1", "en", "Gym-bag 3-in-1: body, hair and face wash",
      "One bottle for body, hair and face, sized for a gym bag. Most of us carry three half-empty "
      "bottles and forget one of them every week.",
      "in_executive_review"),
    I("m1", "ko", "향이 약해지면 색이 바뀌는 라벨",
      "온도나 사용량에 따라 색이 변하는 라벨로 '향이 얼마나 남았는지'를 보여주면 좋겠어요. 캔을 흔들어 "
      "보지 않아도 리필할 때를 알 수 있게요.",
      "in_executive_review"),
    I("m1", "ko", "NFC 태그로 정품 인증하고 리워드 받기",
      "캔에 NFC 태그를 넣어 폰을 대면 정품 인증과 함께 포인트가 쌓이게 하면, 온라인 가품 문제도 줄이고 "
      "재구매도 늘릴 수 있습니다.",
      "parked", reason="좋은 방향이지만 NFC 태그 단가가 지금은 제품 원가의 18% 수준입니다. 단가가 "
      "내려갈 것으로 보이는 2028년에 다시 검토하겠습니다."),
    I("m1", "en", "Student subscription box",
      "A monthly box for students: one full-size product, two minis, and a scent we haven't "
      "launched yet. Pay with a student discount.",
      "parked", reason="Sales wants to pilot subscriptions with another brand first. We keep this "
                       "for the 2028 review."),
    I("m1", "ko", "향 DIY 키트와 오프라인 조향 클래스",
      "베이스와 향료 몇 가지를 담은 DIY 키트를 팔고, 대학가에서 조향 클래스를 여는 아이디어입니다.",
      "parked", reason="오프라인 예산이 미션 2 캠퍼스 캠페인과 겹칩니다. 캠페인 방향이 정해진 뒤 다시 "
      "보겠습니다."),
    I("m1", "ko", "담배 향 바디 스프레이",
      "요즘 니치 향수에서 토바코 노트가 인기라서, 토바코와 바닐라를 섞은 바디 스프레이를 제안합니다.",
      "rejected", reason="미성년 파트너가 함께하는 프로그램이고, 흡연을 연상시키는 향은 청소년 대상 "
      "마케팅 원칙에 어긋나 채택할 수 없습니다. 원하시면 R&D 담당자가 1:1로 설명드리겠습니다.",
      boost=(1, -2, -3)),
    I("m1", "ko", "캔 전체를 투명 플라스틱으로",
      "남은 양이 보이도록 캔 전체를 투명 플라스틱으로 만들자는 제안입니다. 디자인도 훨씬 세련돼 보일 "
      "거예요.",
      "rejected", reason="에어로졸은 압력 용기 안전 기준 때문에 투명 플라스틱을 쓸 수 없습니다. 남은 양을 "
      "보여주자는 취지는 '향이 약해지면 색이 바뀌는 라벨' 검토에 함께 반영하겠습니다.", author="partner"),
    I("m1", "en", "Glow-in-the-dark can",
      "A phosphorescent coating so you can find the can in a dark club room or a festival tent.",
      "rejected", reason="It scored high on creativity, but the phosphorescent coating fails our "
                         "recycling test: it contaminates the aluminium stream. We're sorry, and we'd "
                         "love to see more ideas from you.", boost=(3, -1, 0)),
    I("m1", "ko", "향 세기를 고르는 3단 노즐",
      "노즐을 돌려 약·중·강으로 분사량을 고를 수 있게 하자는 아이디어입니다.",
      "rejected", reason="시제품 테스트에서 사용자들이 3단계 분사량 차이를 구분하지 못했고, 금형 비용이 "
      "큽니다. 테스트 결과 자료를 원하시면 공유드리겠습니다."),
    I("m1", "ko", "아이돌 콜라보 한정판",
      "인기 아이돌과 콜라보한 한정판 캔을 내면 바로 품절될 거예요.",
      "rejected", reason="브랜드 영향 점수는 높았지만 이번 프로그램의 범위(제품과 패키지 공동 개발)를 "
      "벗어납니다. 미션 2 캠페인 아이디어로 다시 내 주시면 검토하겠습니다.", boost=(-1, -1, 2)),
    I("m1", "ko", "거꾸로 걸어 두는 샤워젤 병",
      "샤워젤을 끝까지 쓰기 어려워서, 뚜껑 쪽으로 거꾸로 걸어 두는 병을 제안합니다. 기숙사 샤워실 "
      "고리에 바로 걸 수 있게요.",
      "in_evaluation", judges=2),
    I("m1", "en", "Two-phase scent: a morning note and an evening note",
      "A scent that shifts after about four hours, so it smells fresh at 8 a.m. and warmer by the time "
      "you head out at night.",
      "in_evaluation", judges=1),
    I("m1", "ko", "다 쓴 캔 회수하면 굿즈로",
      "빈 캔 5개를 가져오면 한정 굿즈로 바꿔 주는 회수 이벤트. (마감 전에 다듬다가 못 냈어요)",
      "draft"),
    # ---- Mission 2 (open): campus campaign ----------------------------------------------------
    I("m2", "ko", "'3초 향 리액션' 숏폼 챌린지",
      "친구 눈을 가리고 향을 맡게 한 뒤 첫 3초 리액션을 찍는 챌린지입니다. 과장된 광고 대신 진짜 반응이 "
      "퍼지고, 향 이름을 맞히면 샘플을 줍니다.",
      "in_evaluation", judges=3, author="partner"),
    I("m2", "ko", "운동 동아리방 리프레시 키트",
      "축구, 농구, 댄스 동아리방에 샤워젤과 스프레이 키트를 후원하고, 동아리 SNS에 솔직한 후기를 받는 "
      "방식입니다. 동아리 회장 네트워크로 한 학기에 50개 동아리까지 갈 수 있어요.",
      "in_evaluation", judges=3),
    I("m2", "en", "Exam-week 'fresh start' pop-up at campus libraries",
      "During finals, a pop-up outside the library with cold towels, a spray station and free coffee. "
      "Everyone is exhausted and smells like it; we'd be the brand that helped.",
      "in_evaluation", judges=2),
    I("m2", "ko", "축제 시즌 '향 포토부스'",
      "대학 축제에 향을 고르면 그 향의 분위기로 조명과 필터가 바뀌는 포토부스를 세웁니다. 사진에 "
      "해시태그가 자동으로 들어가요.",
      "in_evaluation", judges=2),
    I("m2", "ko", "과잠 콜라보 한정 에디션",
      "학과 점퍼(과잠) 디자인을 캔에 넣은 학교별 한정판. 과대표가 디자인 투표를 진행합니다.",
      "in_evaluation", judges=1),
    I("m2", "ko", "PC방 '리스폰 존'",
      "새벽 PC방 화장실 옆에 스프레이와 물티슈를 두는 '리스폰 존'을 만듭니다. e스포츠 대학 리그와 "
      "함께하면 자연스럽게 노출됩니다.",
      "submitted"),
    I("m2", "en", "Dorm scent battle",
      "Roommates vote on each other's scent for a week; the winning floor gets a party kit. It's silly, "
      "it's social, and it spreads on group chats by itself.",
      "submitted"),
    I("m2", "ko", "교내 러닝 크루와 '땀 테스트' 캠페인",
      "러닝 크루가 10km를 뛴 뒤에도 향이 남는지 직접 검증하는 영상 시리즈입니다.",
      "submitted"),
    I("m2", "ko", "입대 전날 키트",
      "입대를 앞둔 친구에게 주는 '전역까지 향' 선물 키트. 편지 카드와 미니 사이즈를 담습니다.",
      "submitted"),
    I("m2", "ko", "인플루언서 대신 과대표",
      "유명 인플루언서 대신 과대표와 동아리 회장 200명에게 먼저 써 보게 하면, 단톡방에서 훨씬 믿을 만한 "
      "입소문이 납니다.",
      "submitted"),
    I("m2", "en", "Scent-trail scavenger hunt across campus",
      "Hide scent stations around campus; each one unlocks a clue on Instagram. The last clue leads "
      "to the pop-up.",
      "submitted"),
    I("m2", "ko", "기숙사 택배함 샘플링",
      "기숙사 택배함에 미니 샘플과 쿠폰을 넣는 아이디어 (정리 중)",
      "draft", author="partner"),
    I("m2", "ko", "교내 방송 협업 'Lynx 라디오'",
      "점심시간 교내 방송과 협업해 사연을 받는 코너. 아직 초안입니다.",
      "draft"),
    I("m2", "en", "Streamer 'fresh check' overlay",
      "A stream overlay that shows a 'fresh' meter viewers can refill with chat commands. Draft.",
      "draft"),
    # ---- Lynx open channel: anyone, any time ---------------------------------------------------
    I("open", "ko", "드럭스토어 시향용 종이 밴드",
      "매장 테스터를 그냥 허공에 뿌리면 어떤 향인지 모르겠어요. 손목에 감는 종이 밴드를 비치해 주면 "
      "하루 종일 맡아 보고 살 수 있습니다.",
      "implemented", reason="매장에서 바로 적용할 수 있는 제안입니다. Sales로 전달합니다.",
      department="sales",
      updates=((50, "서울 20개 매장에서 시향 밴드를 시범 비치했습니다."),
               (100, "전국 420개 매장으로 확대했습니다. 시향 후 구매율이 12% 올랐어요."))),
    I("open", "en", "Korean and English subtitles on every Lynx short",
      "Half my friends watch with the sound off, and my exchange-student friends can't follow the "
      "Korean jokes. Subtitle everything, in both languages.",
      "implemented", reason="Cheap, inclusive and good for reach. Forwarded to Marketing.",
      department="marketing",
      updates=((100, "All Lynx shorts now carry Korean and English subtitles."),)),
    I("open", "ko", "민감성 피부용 무알코올 라인",
      "면도 후에 쓰면 따가워서 못 쓰는 친구들이 많아요. 무알코올, 저자극 라인이 있으면 좋겠습니다.",
      "in_implementation", reason="피부 자극 문의가 꾸준히 들어오는 영역입니다. R&D가 임상 설계를 "
      "시작합니다.", department="rnd",
      updates=((10, "피부과 임상 시험 설계를 시작했습니다."),)),
    I("open", "ko", "브랜드 인스타에 '나에게 맞는 향' 퀴즈",
      "질문 다섯 개에 답하면 어울리는 향을 추천해 주는 퀴즈를 인스타 스토리로 만들면, 처음 사는 "
      "사람도 고르기 쉬워집니다.",
      "in_implementation", reason="구매 전 고민을 줄여 주는 아이디어입니다. Marketing으로 전달합니다.",
      department="marketing", author="member",
      updates=((35, "퀴즈 문항 초안을 만들었고 파트너 10명이 먼저 테스트했습니다."),
               (60, "디자인 시안이 나왔습니다. 다음 달 공개 예정입니다."))),
    I("open", "ko", "자꾸 없어지는 캡, 본체에 연결해 주세요",
      "스프레이 캡을 가방 안에서 매번 잃어버려요. 캡을 본체에 고리로 연결하면 가방 속에서 눌려 새는 "
      "일도 없을 거예요.",
      "accepted", reason="파손·누액 문의를 줄일 수 있습니다. Packaging으로 전달합니다.",
      department="packaging"),
    I("open", "en", "A unisex line without the 2000s-ad vibe",
      "Plenty of my friends who aren't guys like the scents but won't buy a can that looks like a "
      "2005 commercial. A clean, unisex design would double your market on campus.",
      "in_executive_review"),
    I("open", "ko", "군 PX 전용 대용량",
      "군대에서는 데오도란트가 금방 떨어져요. PX 전용 대용량과 묶음 상품을 만들어 주세요.",
      "in_executive_review"),
    I("open", "ko", "향 구독 대신 '향 도서관' 대여",
      "향을 사기 전에 일주일씩 빌려 써 보는 '향 도서관'을 대학 도서관이나 카페에 두면 어떨까요?",
      "in_executive_review", reason="매장 운영 부담이 커서 보류합니다. 시향 밴드 성과를 본 뒤 다시 "
      "보겠습니다.", revived="시향 밴드 시범 운영에서 구매율이 올랐습니다. 대여 모델을 다시 논의합니다."),
    I("open", "ko", "학생증 인증 할인",
      "학생증을 인증하면 온라인몰에서 15% 할인해 주세요.",
      "parked", reason="유통사와 가격 협의가 필요해 하반기 가격 정책 회의 때 다시 검토합니다."),
    I("open", "en", "Carbon-neutral shipping for online orders",
      "Offer a carbon-neutral shipping option at checkout, even if it costs a little more.",
      "parked", reason="Our logistics partner launches a carbon-neutral option next year; we'll "
                       "revisit then."),
    I("open", "ko", "Lynx 에너지 드링크",
      "Lynx 브랜드로 에너지 드링크를 내면 운동하는 사람들에게 잘 팔릴 것 같아요.",
      "rejected", reason="식품 사업은 유니레버 코리아 퍼스널케어 사업의 범위 밖이라 채택할 수 없습니다. "
      "Lynx를 운동 장면과 연결하자는 생각은 미션 2 캠페인 팀과 공유했습니다.", author="member"),
    I("open", "ko", "예전 광고처럼 과감하게 가자",
      "2000년대 Lynx 광고처럼 뿌리면 이성이 몰려드는 과장된 광고를 다시 하면 화제가 될 거예요.",
      "rejected", reason="브랜드는 몇 년 전부터 '과장된 남성성' 광고를 중단했고, 지금의 방향과 맞지 "
      "않습니다. 화제성을 노리는 다른 아이디어는 언제든 환영합니다."),
    I("open", "en", "Free samples mailed to every high school",
      "Mail a box of free samples to every high school in Korea.",
      "rejected", reason="Unsolicited samples to minors don't meet our youth-protection and "
                         "privacy standards, so we can't do this. Sampling through campus events "
                         "is being looked at in mission 2."),
    I("open", "ko", "향 세기 10배 '강력 버전'",
      "하루 종일 가는 아주 강한 향 버전을 내 주세요. 지금은 너무 금방 날아가요.",
      "rejected", reason="향료 농도 안전 기준을 넘고, 교실처럼 좁은 공간에서 다른 사람에게 불편을 줄 수 "
      "있습니다. 지속력 문제는 '땀에 반응하는 향' 아이디어로 R&D가 다루고 있습니다."),
    I("open", "ko", "운동화 전용 탈취 스프레이",
      "바디 스프레이를 운동화에 뿌리는 친구들이 많아요. 아예 운동화 전용 탈취 스프레이를 내면 어떨까요?",
      "submitted"),
    I("open", "ko", "향 이름 공모전을 정기적으로",
      "분기마다 새 향의 이름을 커뮤니티 공모로 정하고, 당선자 이름을 캔에 넣어 주세요.",
      "submitted"),
    I("open", "en", "Make the spray quieter",
      "The hiss wakes my roommate at 6 a.m. A quieter valve, please.",
      "submitted"),
    I("open", "ko", "헬스장 샤워실 디스펜서 제휴",
      "프랜차이즈 헬스장 샤워실에 샤워젤 디스펜서를 설치하면 매일 써 보고 사게 됩니다.",
      "submitted"),
    I("open", "ko", "용기 바닥에 제조일 크게",
      "제조일이 너무 작게 쓰여 있어서 오래된 건지 모르겠어요. 바닥에 크게 적어 주세요.",
      "submitted"),
    I("open", "en", "Flight-friendly travel pack",
      "A travel pack under 100 ml per item so it goes through airport security in a clear bag.",
      "submitted"),
    I("open", "ko", "스틱 뚜껑 안쪽에 미니 거울",
      "데오도란트 스틱 뚜껑 안쪽에 작은 거울을 붙이면 체육복 갈아입을 때 유용할 것 같아요.",
      "submitted"),
    I("open", "ko", "【광고】 팔로워·좋아요 최저가 ▶ 오픈채팅 문의",
      "팔로워 1만 명 9,900원!! 여기 아이디어 올리는 애들 다 호구냐? 오픈채팅 '팔로워마켓' 검색 ㄱㄱ",
      "submitted", hidden="광고성 스팸이며 다른 참여자를 비하하는 표현이 있어 커뮤니티 가이드라인에 따라 "
      "숨겼습니다. 원문은 그대로 보관되며 작성자에게 사유를 알렸습니다."),
    I("open", "ko", "향 추천 챗봇",
      "카카오톡 채널에서 오늘 일정을 말하면 향을 추천해 주는 챗봇. (아직 다듬는 중)",
      "draft", author="member"),
    I("open", "en", "Refill stations at university gyms",
      "Draft: refill stations next to the showers at campus gyms.",
      "draft"),
    # ---- Brickverse open channel: the second organization --------------------------------------
    I("brick", "ko", "한옥 모듈러 세트",
      "기와지붕, 대청마루, 마당을 모듈로 나눠서 여러 채를 이어 붙이면 한옥 마을이 되는 세트입니다.",
      "accepted", reason="해외 팬 반응까지 기대되는 세트입니다. 제품 디자인팀으로 전달합니다.",
      department="design"),
    I("brick", "ko", "서울 지하철 2호선 전동차",
      "초록 띠를 두른 2호선 전동차와 순환선 레일. 역 이름 스티커는 한글과 영어로.",
      "in_implementation", reason="지하철 세트 요청이 꾸준합니다. 제품 디자인팀으로 전달합니다.",
      department="design", updates=((30, "전동차 한 칸 시제품을 만들었습니다. 레일 곡률을 조정 중입니다."),)),
    I("brick", "en", "Space station with a working airlock",
      "Two doors that can't open at the same time, built with a simple gear interlock.",
      "in_executive_review"),
    I("brick", "ko", "실제 총기 모형 세트",
      "실제 총기를 1:1로 재현하는 세트를 만들어 주세요.",
      "rejected", reason="실제 무기를 재현하는 세트는 브랜드 안전 정책상 만들지 않습니다. 다른 "
      "메카닉 아이디어는 언제든 환영합니다."),
    I("brick", "ko", "제주 해녀 미니피겨 팩",
      "해녀, 테왁, 돌담, 귤나무가 들어간 미니피겨 팩을 제안합니다.",
      "submitted", author="member"),
    I("brick", "en", "Storage bins that double as build plates",
      "Stackable storage bins whose lids are build plates, so tidying up is part of building.",
      "submitted"),
]

COMMENTS_KO = [
    "이거 진짜 필요했어요. 체육 끝나고 바로 쓰고 싶어요.",
    "향 조합이 궁금해요. 시트러스 비율은 어느 정도로 생각하세요?",
    "가격만 너무 오르지 않으면 무조건 살 듯요.",
    "친구들한테 물어봤는데 반응 좋았어요 👍",
    "비슷한 제품이 해외에 있던데, 차별점을 조금 더 적어 주면 좋겠어요.",
    "저는 향이 너무 강하면 오히려 안 쓰게 되더라고요.",
    "기숙사에서 쓰기 딱 좋겠네요.",
    "스케치도 올려 주세요!",
    "여자 친구들도 쓸 것 같아요. 유니섹스로 가면 좋겠어요.",
    "학교 앞 편의점에 있으면 매일 살 듯.",
    "재활용 표시를 크게 해 주면 좋겠어요.",
    "좋은데 휴대성이 관건일 것 같아요.",
    "저도 같은 생각 했었어요! 공감 누르고 갑니다.",
    "가격대는 얼마 정도 예상하세요?",
    "부산 쪽 친구들도 좋아할 것 같아요.",
    "이건 동아리 단톡방에 바로 공유했습니다 ㅋㅋ",
]
COMMENTS_EN = [
    "Love this. I'd buy it tomorrow.",
    "How would this work with the cans we have now?",
    "My roommate would actually thank you for this one.",
    "Could you add a sketch?",
    "This solves a real problem for people who cycle to class.",
    "Not sure about the price, but the idea is great.",
    "+1, especially the refill part.",
]
STAFF_COMMENTS = [
    "좋은 제안 고맙습니다. 심사 목록에 올렸어요. · Thanks, it's on the judges' list.",
    "R&D에서 비슷한 시안을 테스트하고 있어서 결과를 공유드릴게요. · R&D is testing something similar; "
    "we'll share results.",
    "구체적인 사용 장면을 조금 더 적어 주시면 심사에 도움이 됩니다. · A little more on when you'd use it "
    "would help the judges.",
]


# -- R1 screening, quotas and the second program -------------------------------------------------

ROUND_WRITTEN = {
    "name": "1차 서류 심사 · Written answers",
    "criteria": [
        {"name": "열정 · Passion", "description": "향과 그루밍, 만드는 일에 대한 진심 · Care for scent, "
         "grooming and making things", "weight": 50, "kind": "willingness", "scale_max": 10},
        {"name": "글쓰기 · Writing", "description": "140자 답변과 경험 소개가 구체적이고 읽히는가 · Are the "
         "answers concrete and readable?", "weight": 50, "kind": "capability", "scale_max": 10},
    ],
}
ROUND_INTERVIEW = {
    "name": "2차 인터뷰 · Interviews",
    "criteria": [
        {"name": "외향성 · Extroversion", "description": "20분 화상 인터뷰에서 · In a 20-minute video call",
         "weight": 40, "kind": "capability"},
        {"name": "팔로워 (로그) · Followers (log scale)", "weight": 30, "kind": "capability",
         "source": "followers_log", "scale_min": 0, "scale_max": 10},
        {"name": "사용 빈도 · Usage frequency", "description": "하루 온라인 시간 답변에서 · From the hours "
         "online a day", "weight": 30, "kind": "willingness", "source": "answer", "scale_min": 0,
         "scale_max": 10},
    ],
}

PROGRAM_2028 = {
    "title": "Lynx/Axe 2028 향 연구소 2기 · Scent lab, 2nd cohort",
    "goal": (
        "2027 파트너와 새 지원자 12명이 2028년 한정판 향 3종을 함께 만듭니다. 1기 파트너는 공개 모집 없이 "
        "풀에서 초대합니다.\n\n"
        "Twelve new partners and invited 2027 partners co-create three limited 2028 scents; 2027 "
        "partners join from the standing pool without a new open call."
    ),
    "scope": "한정판 바디 스프레이 3종 · Three limited-edition body sprays",
    "is_pilot": False,
}
RECRUITMENT_2028 = {
    "title": "향 연구소 2기 12명 모집 · Recruiting 12 for the scent lab",
    "purpose": (
        "2028 한정판 향을 함께 만들 12명을 찾습니다. headbox 커뮤니티 지원자는 중개사가 보낸 명단으로 "
        "함께 심사합니다. · Twelve people to co-create the 2028 limited scents; headbox applicants "
        "sent by the intermediary are screened together with the open call."
    ),
}
IMPORT_SOURCE = "headbox"
IMPORT_CONSENT = (
    "headbox 회원 가입 시 '파트너사 모집 공유'에 동의한 회원만 포함했습니다(2026-10 동의서 v3). · Only "
    "members who agreed to share their data with partner brands when joining headbox (consent form v3)."
)
# The intermediary's export: Korean headers as headbox writes them, two rows the import refuses.
IMPORT_HEADERS = ["이메일", "이름", "출생연도", "성별", "지역", "관심사", "팔로워 수"]
IMPORT_ROWS = [
    ("bora.jeong@headbox.example", "정보라", "2006", "여", "서울", "향수, 사진", "2,400",
     "향수 리뷰 계정을 3년째 운영 중입니다. 친구들이 제 추천으로 삽니다.", "머스크 · Musk", "5"),
    ("taeyang.kim@headbox.example", "김태양", "2005", "남", "부산", "농구, 헬스", "830",
     "운동하는 대학생 30명의 솔직한 후기를 모아 드립니다.", "아쿠아 · Aquatic", "3"),
    ("minji.han@headbox.example", "한민지", "2007", "여", "대전", "그래픽 디자인, 웹툰", "1.2k",
     "패키지 시안을 바로 그릴 수 있어요. 병 디자인이 제 취미입니다.", "우디 · Woody", "6"),
    ("jun.lee@headbox.example", "이준", "2004", "남", "경기 성남", "e스포츠, 작곡", "15000",
     "게임 방송을 하며 10대 시청자 반응을 매일 봅니다.", "스파이시 · Spicy", "9"),
    ("seoa.park@headbox.example", "박서아", "2006", "여", "광주", "비건, 친환경 제품", "640",
     "리필 패키지를 직접 만들어 본 환경 동아리 대표입니다.", "시트러스 · Citrus", "4"),
    ("hyunjin.oh@headbox.example", "오현진", "2003", "남", "서울", "스트리트 패션, 스니커즈", "3.1만",
     "스니커즈 커뮤니티 운영진, 드롭 날 줄 서는 사람들의 마음을 압니다.", "우디 · Woody", "7"),
    ("ara.yoon@headbox.example", "윤아라", "2008", "여", "인천", "K-팝 댄스, 영상 편집", "5,200",
     "댄스 챌린지 영상을 매주 올립니다. 향도 안무처럼 기억에 남아야죠.", "시트러스 · Citrus", "8"),
    ("dohoon.seo@headbox.example", "서도훈", "2005", "남", "대구", "캠핑, 자전거", "210",
     "캠핑 가서도 냄새 걱정 없는 제품을 찾고 있어요.", "아쿠아 · Aquatic", "2"),
    ("yuna.choi@headbox", "최유나", "2006", "여", "서울", "뷰티", "900",
     "뷰티 블로그를 운영합니다.", "머스크 · Musk", "4"),
    ("jiho.kang@headbox.example", "강지호", "2005", "남", "울산", "헬스", "350",
     "헬스장 탈의실에서 쓰는 제품을 바꾸고 싶어요.", "스파이시 · Spicy", "하루 종일"),
    ("eunwoo.lim@headbox.example", "임은우", "2004", "기타", "세종", "보드게임, 웹툰", "1,050",
     "보드게임 카페 알바생의 시선으로 제안하겠습니다.", "아직 모르겠어요 · Not sure yet", "5"),
    ("sol.ko@headbox.example", "고솔", "2007", "여", "제주", "서핑, 사진", "2,900",
     "제주 바다 향을 담은 아쿠아 계열을 꼭 만들고 싶어요.", "아쿠아 · Aquatic", "6"),
]
POOL_INVITATION_MESSAGE = (
    "1기에서 보여 준 아이디어가 인상적이었어요. 공개 모집 없이 2기 향 연구소에 함께해 주세요. · Your work "
    "in the 2027 cohort stood out; join the 2028 scent lab without applying again."
)

# --- R&R mission types (issue 4): 4320 SYD co-marketing, a Threadless-style design contest and
# mystery shopping, so visitors can try each case first. Built by ``missions.py``.
R_AND_R_MISSIONS = {
    "syd": {
        "kind": "co_marketing",
        "title": "미션 3 · 72시간 라이브 포스팅 · 72 hours live",
        "brief": (
            "4320 SYD처럼 사흘 동안 매시간 포스트 하나씩, 72개를 올립니다. 한 시간을 놓쳐도 늦게 올릴 수 "
            "있지만 '늦음'으로 표시됩니다. 하위 미션(항구, 해변, 음식) 하나를 골라 그 장면을 담아 주세요. "
            "72개를 모두 올린 사람은 완주 보상을 받습니다.\n\n"
            "Like 4320 SYD: one post every hour for three days, 72 in all. A missed hour can still be "
            "posted late, marked late. Pick a sub-mission (harbour, beaches, food) and show that scene. "
            "Everyone who posts all 72 earns the reward on completion."
        ),
        "wanted_ideas": "현장감 있는 사진과 짧은 캡션, 링크가 있는 포스트 · On-the-spot photos, short captions, "
                        "posts with their link",
        "not_wanted": "다른 브랜드 노출, 미성년자 얼굴 클로즈업 · Other brands in frame, close-ups of minors",
        "channels": ["Instagram", "TikTok", "X", "Blog"],
        "sub_missions": [
            {"title": "항구 · Harbour", "description": "페리, 다리, 해 질 녘 부두 · Ferries, the bridge, "
                                                        "the quay at dusk", "capacity": 4},
            {"title": "해변 · Beaches", "description": "아침 수영, 서핑, 산책로 · Morning swims, surf, "
                                                       "the coastal walk", "capacity": 4},
            {"title": "음식 · Food", "description": "시장, 카페, 야식 · Markets, cafés, late-night bites",
             "capacity": 3},
        ],
        "post_title": "포스트 {n} · Post {n}",
        "team": "하버 크루 · Harbour crew",
    },
    "design": {
        "kind": "co_development",
        "title": "디자인 공모 · 리필 캔 그래픽 · Refill can graphics contest",
        "brief": (
            "Threadless처럼 누구나 참여하는 공개 디자인 공모입니다. 2027 리필 캔에 들어갈 그래픽을 제안해 "
            "주세요. 채택된 디자인의 작가에게 상금 1,000달러를 드리고, 제품에 작가 이름을 새깁니다. "
            "파트너가 아니어도 약관에 동의하면 참여할 수 있습니다.\n\n"
            "A public design contest, Threadless style: propose the graphics for the 2027 refill can. "
            "The author of an accepted design earns $1,000 and their name on the product. You need not be "
            "a partner: accept the agreement and take part."
        ),
        "wanted_ideas": "한 손에 들어오는 캔 전체 그래픽, 2색 이내 · Wrap-around can graphics, two colours at most",
        "not_wanted": "기존 캐릭터나 로고 차용 · Borrowed characters or logos",
    },
    "shop": {
        "kind": "mystery_shopping",
        "title": "미스터리 쇼핑 · 매장 체험 · Store visits",
        "brief": (
            "손님으로 Lynx 매대가 있는 매장을 방문해 직원, 응대 태도, 매장 분위기를 1–5점으로 평가하고 "
            "개선 제안을 남겨 주세요. 보고서는 본인과 운영진만 봅니다.\n\n"
            "Visit a store with a Lynx shelf as a shopper; rate the staff, their attitude and the "
            "atmosphere from 1 to 5 and propose improvements. Only you and the staff read your report."
        ),
        "wanted_ideas": "구체적인 장면과 바로 고칠 수 있는 제안 · Concrete scenes and fixes that can be made now",
    },
}
R_AND_R_INCENTIVES = {
    "syd_reward": {"kind": "product", "title": "완주 보상: 시드니 한정판 세트 · Reward on completion: the Sydney "
                                              "limited set",
                   "description": "72개 포스트를 모두 올린 사람에게 · For everyone who posts all 72",
                   "amount": "120000", "currency": "KRW"},
    "syd_invite": {"kind": "invitation", "invitation_to": "award_ceremony",
                   "title": "완주자 시상식 초대 · Invitation to the finishers' ceremony",
                   "description": "브랜드 팀과 함께하는 저녁 · An evening with the brand team"},
    "cash": {"kind": "cash", "title": "채택 상금 1,000달러 · $1,000 for each accepted design",
             "description": "공모에서 채택된 디자인의 작가에게 · To the author of every design the contest accepts",
             "amount": "1000", "currency": "USD"},
    "credit": {"kind": "name_credit", "title": "제품에 작가 이름 · Your name on the product",
               "description": "채택된 디자인은 캔에 작가 이름을 새깁니다 · Accepted designs carry their "
                              "author's name on the can"},
}
SYD_CAPTIONS = [
    "서큘러 키 아침 페리, 바닷바람에 향이 딱 · Morning ferry at Circular Quay, the scent fits the sea air",
    "본다이 첫 파도 전 몸풀기 · Warming up before the first wave at Bondi",
    "피시 마켓 굴 한 접시 · A plate of oysters at the fish market",
    "오페라 하우스 계단에서 쉬는 중 · Resting on the Opera House steps",
    "쿠지까지 해안 산책로 · The coastal walk to Coogee",
    "서리 힐스 카페 라떼 아트 · Latte art in Surry Hills",
]
DESIGNS = [
    ("파도 선 · Wave lines", "한 줄로 이어지는 파도 선이 캔을 감쌉니다. 리필할 때마다 선이 이어져 보이도록 "
     "뚜껑 위치를 맞췄습니다. · One continuous wave line wraps the can; the cap lines up so the wave "
     "continues at every refill.", "리필 캔이 밋밋해서 다시 사지 않는다 · Refill cans look dull, so "
     "people don't buy again", "16–20세 서퍼와 수영부 · Surfers and swim teams, 16-20"),
    ("네온 도시 · Neon city", "밤거리 간판을 2색 네온으로 그렸습니다. 어두운 동아리방에서도 보입니다. · "
     "Night-street signs in two neon colours, visible in a dim club room.", "어두운 곳에서 내 캔을 못 찾는다 · "
     "Can't find my can in the dark", "밤에 활동하는 대학생 · Students who live at night"),
    ("손글씨 향 일기 · Handwritten scent diary", "사용자가 캔에 직접 날짜를 적는 칸이 있는 디자인입니다. · "
     "A can with a space to write the date by hand, like a diary.", "향을 언제 바꿨는지 잊는다 · People "
     "forget when they switched scents", "기록을 좋아하는 사람 · People who keep journals"),
    ("픽셀 고양이 · Pixel cat", "8비트 고양이가 향마다 다른 포즈를 취합니다. · An 8-bit cat strikes a "
     "different pose for each scent.", "향 구분이 어렵다 · Scents are hard to tell apart", "게이머 · Gamers"),
    ("종이 접기 · Origami", "접은 종이 질감을 인쇄해 리필 팩과 한 세트처럼 보이게 했습니다. · Printed "
     "folded-paper texture so the can and its refill pack read as a set.", "리필 팩과 캔이 따로 논다 · The "
     "refill pack and the can don't match", "환경 동아리 · Eco clubs"),
]
DESIGN_WINNER = 0  # index in DESIGNS accepted by the board
STORES = [
    "올리브영 강남역점 · Olive Young Gangnam Station",
    "올리브영 홍대입구점 · Olive Young Hongik Univ.",
    "롭스 신촌점 · LOHB's Sinchon",
    "이마트 성수점 · Emart Seongsu",
    "올리브영 부산 서면점 · Olive Young Seomyeon, Busan",
    "GS25 대학로점 · GS25 Daehak-ro",
    "홈플러스 대구점 · Homeplus Daegu",
    "올리브영 제주 연동점 · Olive Young Yeon-dong, Jeju",
]
# (staff, attitude, atmosphere) and the improvement proposal, one per visit.
VISITS = [
    ((4, 5, 3), "시향지가 매대 뒤에 숨어 있어요. 눈높이로 올리면 바로 뿌려 볼 수 있습니다. · The testers hide "
                "behind the shelf; put them at eye level."),
    ((3, 3, 4), "직원분이 향 차이를 잘 몰랐어요. 향별 한 줄 설명 카드를 두면 좋겠습니다. · Staff didn't know "
                "the scents apart; a one-line card per scent would help."),
    ((5, 5, 4), "응대는 최고였어요. 리필 팩이 있다는 안내만 추가되면 완벽합니다. · Great service; just add a sign "
                "that refill packs exist."),
    ((2, 3, 2), "매대가 어둡고 먼지가 있었어요. 조명 하나와 주 1회 정리를 제안합니다. · The shelf was dark and "
                "dusty; one light and a weekly tidy-up."),
    ((4, 4, 5), "음악과 조명이 좋아 오래 머물렀어요. 계산대 옆 미니 사이즈를 두면 충동구매가 늘 것 같아요. · "
                "Good music and light; minis by the till would sell."),
    ((3, 2, 3), "물어보기 전에는 아무도 오지 않았어요. 시향 이벤트 때만이라도 안내 직원을 두세요. · Nobody came "
                "until I asked; staff the tester table during events."),
    ((5, 4, 4), "캠퍼스 할인 안내가 눈에 잘 띄었어요. 학생증 QR 쿠폰으로 바꾸면 더 간편합니다. · The campus "
                "discount was easy to see; a student-ID QR coupon would be simpler."),
    ((3, 4, 2), "향이 섞여 매장 전체가 너무 진했어요. 시향 구역을 입구 쪽으로 분리해 주세요. · Scents mixed "
                "into one strong cloud; move testing near the entrance."),
]
R_AND_R_TOUR = {
    "workspace": ("내 미션: 72개 포스트 일정, 초안, 팀 초대 (partner@example.com)",
                  "My missions: the 72-post schedule, a draft, a team invitation (partner@example.com)"),
    "syd": ("72시간 라이브 포스팅: 하위 미션, 팀, 보상", "72 hours live: sub-missions, teams, rewards"),
    "design": ("공개 디자인 공모: 채택 1건, 1,000달러와 이름 크레딧 지급",
               "Public design contest: one accepted, $1,000 and name credit granted"),
    "shop": ("미스터리 쇼핑 보고서 8건: 평균 점수", "Mystery shopping: 8 reports and their averages"),
}

# --- R4 realization (issue 5): what the executives, departments and authors do with the ideas.
# Built by ``realization.py`` through the realization and judging services.

# The organization's own reason, beside the suggested ones (realization.services.SUGGESTED_REASONS).
LYNX_REASON = ("It conflicts with our safety or youth-protection standards.",
               "안전 기준이나 청소년 보호 원칙에 맞지 않습니다.")
# Each Lynx rejection cites the organization's reasons (positions in the list the executive is
# offered: the five suggested, then LYNX_REASON) and, for mission ideas, the published criteria
# concerned (0 creativity, 1 usefulness, 2 brand impact, 3 participant vote).
REJECTIONS = {
    "담배 향 바디 스프레이": ((5, 0), (2,)),
    "캔 전체를 투명 플라스틱으로": ((3,), (1,)),
    "Glow-in-the-dark can": ((3,), (1,)),
    "향 세기를 고르는 3단 노즐": ((1, 4), (1,)),
    "아이돌 콜라보 한정판": ((0,), (0, 1)),
    "Lynx 에너지 드링크": ((0,), ()),
    "예전 광고처럼 과감하게 가자": ((0,), ()),
    "Free samples mailed to every high school": ((5,), ()),
    "향 세기 10배 '강력 버전'": ((5, 2), ()),
}

# Business concepts: the executive accepts the clustering's suggestions under these names, then
# puts each idea where it belongs (the suggestions are a start, not the answer).
CONCEPTS = [
    {"name": "새로운 향 · New scents",
     "description": "향 자체를 바꾸는 아이디어: 조합, 지속력, 피부 · Ideas that change the scent itself: blends, "
                    "how long it lasts, skin",
     "ideas": ["비 온 뒤 운동장 냄새, '페트리코어' 바디 스프레이", "Sweat-activated scent layer",
               "무향 베이스 + 향 캡슐 두 개 조합", "계절 한정 향: 벚꽃 말고 '첫눈'", "담배 향 바디 스프레이",
               "Two-phase scent: a morning note and an evening note", "민감성 피부용 무알코올 라인",
               "향 세기 10배 '강력 버전'", "흰 셔츠에 자국이 남지 않는 스틱"]},
    {"name": "리필과 패키지 · Refills and packs",
     "description": "다시 채우고, 덜 버리고, 쉽게 쓰는 용기 · Containers you refill, throw away less and use "
                    "more easily",
     "ideas": ["알루미늄 본체 + 편의점 리필 파우치", "주머니에 쏙 들어가는 30ml 미니 스프레이",
               "Braille and high-contrast labels", "향이 약해지면 색이 바뀌는 라벨", "캔 전체를 투명 플라스틱으로",
               "Glow-in-the-dark can", "향 세기를 고르는 3단 노즐", "거꾸로 걸어 두는 샤워젤 병",
               "자꾸 없어지는 캡, 본체에 연결해 주세요", "Make the spray quieter", "용기 바닥에 제조일 크게",
               "파도 선 · Wave lines"]},
    {"name": "캠퍼스 입소문 · Campus word of mouth",
     "description": "광고 대신 친구, 동아리, 단톡방으로 퍼지는 캠페인 · Campaigns that spread through friends, "
                    "clubs and group chats instead of ads",
     "ideas": ["'3초 향 리액션' 숏폼 챌린지", "운동 동아리방 리프레시 키트",
               "Exam-week 'fresh start' pop-up at campus libraries", "축제 시즌 '향 포토부스'",
               "과잠 콜라보 한정 에디션", "PC방 '리스폰 존'", "Dorm scent battle", "인플루언서 대신 과대표",
               "Scent-trail scavenger hunt across campus",
               "향 이름을 플레이리스트처럼", "Korean and English subtitles on every Lynx short",
               "브랜드 인스타에 '나에게 맞는 향' 퀴즈"]},
    {"name": "매장 경험 · In-store experience",
     "description": "사기 전에 맡아 보고 고르기 쉽게 · Smell it before you buy, and choose easily",
     "ideas": ["드럭스토어 시향용 종이 밴드", "향 구독 대신 '향 도서관' 대여", "학생증 인증 할인",
               "헬스장 샤워실 디스펜서 제휴"]},
]
CONCEPT_FORWARDED = "새로운 향 · New scents"  # forwarded whole to R&D
# The social posts of the 4320 SYD mission are content, not proposals: their clusters are dismissed.

# Forwardings of accepted ideas: (title, department key, days until due, acknowledged).
FORWARDINGS = [
    ("Braille and high-contrast labels", "packaging", 21, True),
    ("자꾸 없어지는 캡, 본체에 연결해 주세요", "packaging", 28, False),
    ("파도 선 · Wave lines", "packaging", 35, False),
]
FORWARDING_NOTE = ("시제품 일정과 담당자를 2주 안에 알려 주세요. · Please confirm a prototype plan and an owner "
                   "within two weeks.")
CONCEPT_NOTE = ("향 개발 아이디어를 한 번에 넘깁니다. 파트너 블라인드 테스트를 함께 계획해 주세요. · The scent ideas "
                "in one hand-off; plan the partners' blind tests together.")

# A round's decisions staged, to be released together: (title, kind, reason, department key,
# reason positions, criteria positions, days until the parked idea is looked at again).
STAGED = [
    ("흰 셔츠에 자국이 남지 않는 스틱", "accept",
     "교복 셔츠 자국은 파트너 설문에서도 가장 많이 나온 불편입니다. R&D가 투명 제형을 검토합니다.", "rnd", (), (), 0),
    ("계절 한정 향: 벚꽃 말고 '첫눈'", "park",
     "겨울 한정판 일정은 2028 향 연구소 2기와 함께 정합니다. 그때 다시 보겠습니다.", "", (), (), 60),
    ("Gym-bag 3-in-1: body, hair and face wash", "reject",
     "A 3-in-1 wash is already in development for 2027 with another Unilever brand, so we won't start a second "
     "one. Thank you: your gym-bag scenario is going to that team.", "", (2,), (0,), 0),
]

# One-to-one explanations: the partner persona's rejected idea (a meeting coming up) and one
# already held, its outcome recorded. (title, department key of the expert, request, outcome)
EXPLANATIONS = [
    ("담배 향 바디 스프레이", "rnd",
     "토바코 노트는 성인 니치 향수에서 흔한데, 정확히 어떤 기준에 걸리는지 듣고 싶어요. · I'd like to hear exactly "
     "which standard a tobacco note breaks.",
     "청소년 대상 마케팅 원칙과 향료 안전 기준을 함께 보며 설명했습니다. 작성자는 '따뜻하고 스모키한' 느낌을 "
     "원했고, 우디·앰버 계열로 같은 인상을 내는 시안을 다음 미션에 제안하기로 했습니다. · We went through the "
     "youth-marketing principles and fragrance safety rules; the author wanted a warm, smoky feel, and will propose "
     "a woody-amber blend with the same impression in the next mission."),
    ("캔 전체를 투명 플라스틱으로", "packaging",
     "안전 기준 때문이라면 일부만 투명한 창은 가능한지 궁금해요. · If it's about safety, could a small clear window "
     "work?", ""),
]
EXPLANATION_PLACE = "화상 회의 (Teams) · Video call (Teams)"

# Appeals go to the second executive: one decided (upheld, explained), one still under review.
APPEAL_GROUNDS = (
    "사유는 이해하지만, 지적된 문제는 다른 방식으로 풀 수 있다고 생각합니다. 다시 검토해 주세요. · I understand the "
    "reasons, but I believe the obstacle can be solved another way. Please look at it again."
)
APPEAL_EXPLANATION = (
    "거절 사유와 공개된 기준을 처음부터 다시 검토했습니다. 지적된 문제는 이번 프로그램 범위에서 풀 방법이 없어 결정을 "
    "유지합니다. 아이디어는 보관되어 다음 프로그램에서 다시 꺼낼 수 있습니다. · I reviewed the reasons and the "
    "published criteria from the start. The obstacle cannot be solved within this program, so the decision stands; "
    "the idea is kept and can be revived in a later program."
)

# A parked idea revived into the 2028 program, with its lineage.
REVIVED_INTO = "Student subscription box"
REVIVAL_NOTE = ("2028 리뷰 때 다시 보기로 한 아이디어입니다. 2기 향 연구소의 구독형 샘플로 검토합니다. · Parked for "
                "the 2028 review: the scent lab looks at it as a sampling subscription.")

R4_TOUR = {
    "board": ("임원 보드: 아직 안 본 아이디어, 검토 기한을 넘긴 1건 (executive@lynx.example.com)",
              "Executive board: ideas nobody looked at yet, one past the review limit (executive@lynx.example.com)"),
    "overdue": ("검토 기한 초과 보고 · 프로그램별", "Overdue report, by program"),
    "concepts": ("비즈니스 컨셉: 군집 제안을 이름 붙여 채택, 아이디어 분류",
                 "Business concepts: clustering suggestions accepted and named, ideas classified"),
    "staged": ("보류 중인 결정 3건: 라운드 끝에 한 번에 공개", "Three staged decisions, released together at the "
                                                           "end of the round"),
    "forwarded": ("부서로 전달: 담당자, 기한, 접수 확인 (컨셉 통째로 1건)",
                  "Forwarded to departments: owners, due dates, one acknowledged, one whole concept"),
    "explanations": ("1:1 설명: 일정 확정 1건, 완료 1건", "One-to-one explanations: one scheduled, one held"),
    "appeals": ("이의 제기: 두 번째 임원이 결정 1건, 검토 중 1건 (executive2@lynx.example.com)",
                "Appeals: one decided by the second executive, one under review (executive2@lynx.example.com)"),
    "reasons": ("거절 사유 템플릿 (한국어·영어, admin@lynx.example.com)",
                "Rejection reason templates, Korean and English (admin@lynx.example.com)"),
    "revived": ("2028 프로그램으로 되살린 아이디어와 그 계보",
                "An idea revived into the 2028 program, with its lineage"),
}
