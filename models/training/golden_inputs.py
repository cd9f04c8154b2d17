"""Inputs of the golden fixture (Tests/Fixtures/emotion/golden.json): hand-written, not from the datasets.

They cover Korean, English, mixed scripts, emoji, typos, case and width variants, and the bad inputs the
classifier must survive (empty, whitespace, controls, zero-width characters, a 10,000-character text).
"""

KOREAN = [
    "오늘 정말 행복해요!",
    "시험에 합격해서 너무 기뻐요 ㅎㅎ",
    "친구들이랑 여행 가서 즐거웠다",
    "선물 받아서 감동이야 고마워",
    "너무 슬퍼서 눈물이 나요 ㅠㅠ",
    "강아지가 떠나서 마음이 아파",
    "요즘 너무 외롭고 우울해",
    "헤어지고 나서 아무것도 하기 싫다",
    "진짜 짜증나 왜 이렇게 해?",
    "화가 나서 참을 수가 없어",
    "어이가 없네 정말 한심하다",
    "이런 서비스는 최악이에요 환불해 주세요",
    "내일 발표 때문에 너무 불안해",
    "무서워서 잠을 못 자겠어",
    "결과가 어떻게 나올지 걱정돼요",
    "심장이 두근거리고 긴장돼",
    "오늘은 화요일입니다.",
    "회의는 오후 세 시에 시작해요",
    "버스 타고 회사에 갑니다",
    "점심으로 김치찌개를 먹었다",
    "ㅋㅋㅋㅋㅋㅋㅋㅋ 대박",
    "ㅠㅠㅠㅠㅠ",
    "헐...",
    "슬펐다",
    "슬프다",
    "화났어",
    "기분이 좋아졌어요",
    "불안불안하다",
    "아 진짜 열받네",
    "고맙습니다 덕분에 살았어요",
]

ENGLISH = [
    "I am so happy today!",
    "This is the best day of my life",
    "Thank you so much, I love it",
    "We won the game, amazing!",
    "I feel so sad and lonely",
    "My dog died yesterday and I can't stop crying",
    "I miss her so much",
    "That's really disappointing.",
    "I'm so angry right now",
    "This is absolutely disgusting",
    "Stop lying to me, I hate this",
    "What a stupid decision.",
    "I'm scared of what might happen",
    "I'm really nervous about the exam tomorrow",
    "This is terrifying",
    "I'm worried about my mom",
    "The meeting starts at 3pm.",
    "I took the bus to work.",
    "It is a table.",
    "What time is it?",
    "lol",
    "OMG",
    "don't",
    "Don't you dare!",
]

TYPOS = [
    "im sooooo happpy",
    "I feeel sooo saaaad",
    "this is sooo anoying",
    "im scarred of the dark",
    "hapy birthday!!!!!!!",
    "행복행",
    "슬퍼ㅓㅓ",
    "짜즘나",
    "wat r u doin",
    "I  am    happy",
]

MIXED = [
    "오늘 너무 happy 해요",
    "I'm so 슬퍼 today",
    "진짜 angry 하다 ㅡㅡ",
    "나 nervous 해 내일 interview 있어",
    "Netflix 보면서 치킨 먹는 중",
    "今日はとても嬉しい",
    "我很生气",
    "Я очень рад",
    "مرحبا كيف حالك",
    "Straße Ärger ÜBER",
]

EMOJI = [
    "😂😂😂",
    "😢",
    "😡😡",
    "😱",
    "🙂",
    "❤️",
    "👍🏽",
    "👨\u200d👩\u200d👧",
    "너무 좋아 😍😍😍😍😍",
    "I hate Mondays 😤",
    "🎉🎉 합격 🎉🎉",
    "😭😭😭 help",
    ":)",
    ":(",
    "ㅎㅎ :D",
]

WIDTH_CASE = [
    "ＨＡＰＰＹ",
    "ＩＭ ＳＯ ＡＮＧＲＹ！",
    "HAPPY",
    "Happy",
    "İstanbul",
    "ΣΊΣΥΦΟΣ",
    "ǅ",
    "ﬁne",
    "e\u0301te\u0301",
    "K",
]

BAD = [
    ("empty", ""),
    ("space", " "),
    ("whitespace", " \t\n\r\u3000\u00a0 "),
    ("controls", "\x00\x01\x02\x03\x1b[31m"),
    ("controls_inside", "hap\x00py\x07 da\x1fy"),
    ("zero_width", "\u200b\u200c\u200d\ufeff"),
    ("zero_width_inside", "sa\u200bd"),
    ("newlines", "line one\nline two\r\nline three"),
    ("tabs", "a\tb\tc"),
    ("del_c1", "x\x7f\x85\x9fy"),
    ("replacement_char", "\ufffd\ufffd"),
    ("private_use", "\ue000\U000f0000"),
    ("astral_math", "\U0001d400\U0001d401"),
    ("only_punct", "?!?!?!?!"),
    ("only_digits", "1234567890"),
    ("long_word", "a" * 300 + "b" * 300),
    ("tags", "\U0001f3f4\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f flag"),
    ("hangul_jamo_compat", "ㄱㄴㄷㅏㅑ"),
    ("hangul_conjoining", "\u1112\u1161\u11ab"),
    ("lone_hangul_edges", "\uac00\ud7a3"),
]


def _long_text():
    base = "오늘은 정말 기분이 좋아요. I feel great today! 😊 "
    s = (base * (10000 // len(base) + 1))[:10000]
    assert len(s) == 10000
    return s


def cases():
    out = []
    for group, items in (("ko", KOREAN), ("en", ENGLISH), ("typo", TYPOS), ("mixed", MIXED), ("emoji", EMOJI),
                         ("width_case", WIDTH_CASE)):
        for i, t in enumerate(items):
            out.append((f"{group}_{i:02d}", t))
    out.extend(("bad_" + n, t) for n, t in BAD)
    out.append(("long_10000", _long_text()))
    out.append(("long_spaces_then_text", " " * 5000 + "happy"))
    out.append(("long_korean_no_spaces", "행복" * 2000))
    return out
