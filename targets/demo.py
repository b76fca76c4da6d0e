"""The demo data set: the city and the five committees of the seed reports, term 2020–2025.

Figures are generated deterministically from a catalogue of typical district targets, with the
figures the seed reports quote written in exactly, so that the engine reproduces their
percentages (DESIGN.md "Checks against the seeds"). Nothing here is random at run time: the same
call always builds the same data.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

START_YEAR, END_YEAR = 2020, 2025
DEMO_YEARS = (2020, 2021, 2022)
TERM_YEARS = END_YEAR - START_YEAR + 1
DEMO_PASSWORD = "chitieu-demo"

PROGRAMMES = [
    "Xây dựng Đảng và hệ thống chính trị trong sạch, vững mạnh",
    "Phát triển kinh tế nhanh, bền vững; tăng thu ngân sách",
    "Quy hoạch, quản lý và phát triển đô thị; bảo vệ môi trường",
    "Phát triển văn hóa, giáo dục, y tế; bảo đảm an sinh xã hội",
    "Tăng cường quốc phòng, an ninh, trật tự an toàn xã hội",
    "Đẩy mạnh cải cách hành chính, chuyển đổi số",
    "Xây dựng nông thôn mới nâng cao, nông thôn mới kiểu mẫu",
    "Công tác cán bộ, đào tạo, bồi dưỡng cán bộ",
    "Công tác dân vận, phát huy sức mạnh khối đại đoàn kết toàn dân tộc",
    "Phát triển hạ tầng giao thông, đô thị",
]


@dataclass(frozen=True)
class CatalogueItem:
    name: str
    group: str
    programme: int
    unit: str
    aggregation: str
    direction: str = "up"
    places: int = 0
    base: Decimal = Decimal(0)  # level at the start (latest, average)
    goal: Decimal = Decimal(0)  # level at the end of the term (latest, average)
    per_year: Decimal = Decimal(0)  # yearly amount (sums)
    cap: Decimal | None = None  # a percentage cannot pass 100
    denominator: int = 0  # ratios: the count of all (27 schools); figures are numerators


D = Decimal
CATALOGUE: dict[str, CatalogueItem] = {
    "growth": CatalogueItem(
        "Tốc độ tăng giá trị sản xuất các ngành kinh tế do quận quản lý (bình quân)",
        "socio_economic",
        2,
        "%",
        "average",
        places=2,
        base=D(12),
        goal=D(14),
    ),
    "revenue": CatalogueItem(
        "Thu ngân sách nhà nước trên địa bàn",
        "socio_economic",
        2,
        "tỷ đồng",
        "sum",
        places=3,
        per_year=D(3000),
    ),
    "spending": CatalogueItem(
        "Chi ngân sách địa phương",
        "socio_economic",
        2,
        "tỷ đồng",
        "sum",
        places=3,
        per_year=D(1300),
    ),
    "party_good": CatalogueItem(
        "Tỷ lệ tổ chức cơ sở đảng hoàn thành tốt nhiệm vụ trở lên",
        "party_building",
        1,
        "%",
        "latest",
        places=1,
        base=D(88),
        goal=D(92),
        cap=D(100),
    ),
    "new_members": CatalogueItem(
        "Kết nạp đảng viên mới",
        "party_building",
        1,
        "đảng viên",
        "sum",
        per_year=D(320),
    ),
    "members_good": CatalogueItem(
        "Tỷ lệ đảng viên hoàn thành tốt nhiệm vụ trở lên",
        "party_building",
        1,
        "%",
        "latest",
        places=1,
        base=D(89),
        goal=D(93),
        cap=D(100),
    ),
    "cadre_training": CatalogueItem(
        "Cán bộ, công chức được đào tạo, bồi dưỡng lý luận chính trị",
        "party_building",
        8,
        "lượt",
        "sum",
        per_year=D(450),
    ),
    "schools": CatalogueItem(
        "Tỷ lệ trường công lập đạt chuẩn quốc gia",
        "socio_economic",
        4,
        "%",
        "latest",
        places=1,
        base=D(80),
        goal=D(95),
        cap=D(100),
    ),
    # Ratio targets (Tỷ lệ): figures are counts; base and goal are percentages.
    "schools_ratio": CatalogueItem(
        "Trường công lập đạt chuẩn quốc gia",
        "socio_economic",
        4,
        "trường",
        "ratio",
        base=D("85.2"),
        goal=D(100),
        denominator=27,
    ),
    "health_wards": CatalogueItem(
        "Phường duy trì chuẩn quốc gia về y tế",
        "socio_economic",
        4,
        "phường",
        "ratio",
        base=D(100),
        goal=D(100),
        denominator=8,
    ),
    "party_good_ratio": CatalogueItem(
        "Tổ chức cơ sở đảng hoàn thành tốt nhiệm vụ trở lên",
        "party_building",
        1,
        "tổ chức",
        "ratio",
        base=D(90),
        goal=D(95),
        denominator=44,
    ),
    "poor_households": CatalogueItem(
        "Hộ nghèo theo chuẩn Thành phố",
        "socio_economic",
        4,
        "hộ",
        "latest",
        "down",
        base=D(60),
        goal=D(0),
    ),
    "cultural_families": CatalogueItem(
        "Tỷ lệ hộ gia đình đạt danh hiệu Gia đình văn hóa",
        "socio_economic",
        4,
        "%",
        "latest",
        places=1,
        base=D(88),
        goal=D(92),
        cap=D(100),
    ),
    "health_insurance": CatalogueItem(
        "Tỷ lệ dân số tham gia bảo hiểm y tế",
        "socio_economic",
        4,
        "%",
        "latest",
        places=1,
        base=D(88),
        goal=D(95),
        cap=D(100),
    ),
    "jobs": CatalogueItem(
        "Số lao động được giải quyết việc làm mới",
        "socio_economic",
        4,
        "người",
        "sum",
        per_year=D(4200),
    ),
    "waste": CatalogueItem(
        "Tỷ lệ rác thải sinh hoạt được thu gom, xử lý trong ngày",
        "socio_economic",
        3,
        "%",
        "latest",
        places=1,
        base=D(97),
        goal=D(100),
        cap=D(100),
    ),
    "clean_water": CatalogueItem(
        "Tỷ lệ hộ dân được sử dụng nước sạch",
        "socio_economic",
        3,
        "%",
        "latest",
        places=1,
        base=D(92),
        goal=D(100),
        cap=D(100),
    ),
    "green_area": CatalogueItem(
        "Diện tích cây xanh công cộng tăng thêm",
        "other",
        3,
        "ha",
        "sum",
        places=2,
        per_year=D(3),
    ),
    "public_investment": CatalogueItem(
        "Tỷ lệ giải ngân vốn đầu tư công",
        "socio_economic",
        2,
        "%",
        "latest",
        places=1,
        base=D(85),
        goal=D(95),
        cap=D(100),
    ),
    "online_procedures": CatalogueItem(
        "Tỷ lệ thủ tục hành chính giải quyết trực tuyến mức độ 3, 4",
        "socio_economic",
        6,
        "%",
        "latest",
        places=1,
        base=D(40),
        goal=D(90),
        cap=D(100),
    ),
    "on_time_files": CatalogueItem(
        "Tỷ lệ hồ sơ hành chính giải quyết đúng hạn",
        "socio_economic",
        6,
        "%",
        "latest",
        places=1,
        base=D(96),
        goal=D(99),
        cap=D(100),
    ),
    "construction_violations": CatalogueItem(
        "Số vụ vi phạm trật tự xây dựng phát sinh",
        "socio_economic",
        3,
        "vụ",
        "sum",
        "down",
        per_year=D(60),
    ),
    "crime_solved": CatalogueItem(
        "Tỷ lệ điều tra khám phá án hình sự",
        "defence_security",
        5,
        "%",
        "latest",
        places=1,
        base=D(75),
        goal=D(80),
        cap=D(100),
    ),
    "conscription": CatalogueItem(
        "Hoàn thành chỉ tiêu tuyển quân",
        "defence_security",
        5,
        "%",
        "latest",
        places=0,
        base=D(100),
        goal=D(100),
        cap=D(100),
    ),
    "traffic_accidents": CatalogueItem(
        "Số vụ tai nạn giao thông",
        "defence_security",
        5,
        "vụ",
        "sum",
        "down",
        per_year=D(40),
    ),
    "safe_areas": CatalogueItem(
        "Tỷ lệ khu dân cư đạt tiêu chuẩn An toàn về an ninh, trật tự",
        "defence_security",
        5,
        "%",
        "latest",
        places=1,
        base=D(80),
        goal=D(90),
        cap=D(100),
    ),
    "digital_payments": CatalogueItem(
        "Tỷ lệ giao dịch thanh toán không dùng tiền mặt tại chợ, siêu thị",
        "socio_economic",
        6,
        "%",
        "latest",
        places=1,
        base=D(20),
        goal=D(70),
        cap=D(100),
    ),
    "income": CatalogueItem(
        "Thu nhập bình quân đầu người",
        "socio_economic",
        2,
        "triệu đồng/người/năm",
        "latest",
        places=1,
        base=D(52),
        goal=D(82),
    ),
    "new_rural": CatalogueItem(
        "Số xã đạt chuẩn nông thôn mới nâng cao",
        "socio_economic",
        7,
        "xã",
        "latest",
        base=D(0),
        goal=D(28),
    ),
}

# The city's targets, and which catalogue items of the committees contribute to them (TP giao).
CITY_TARGETS = ["revenue", "growth", "schools", "poor_households", "party_good", "jobs"]


@dataclass(frozen=True)
class Override:
    """Figures of a seed report, written in exactly."""

    values: dict[int, Decimal] = field(default_factory=dict)  # year values
    plans: dict[int, Decimal] | None = None  # None: the catalogue's plans; {}: no plan
    baseline: Decimal | None = None
    term_target: Decimal | None = None
    notes: dict[tuple[int, int], str] = field(default_factory=dict)
    quarters: dict[tuple[int, int], Decimal] = field(default_factory=dict)  # exact quarters


@dataclass(frozen=True)
class CommitteeSpec:
    code: str
    name: str
    level: str
    congress: int
    programmes: int
    targets: list[str]
    # Status letters per year, one per target in order: E exceeded, A achieved, B behind.
    profiles: dict[int, str] = field(default_factory=dict)
    overrides: dict[str, Override] = field(default_factory=dict)
    parent: str | None = "HANOI"


COMMITTEES = [
    CommitteeSpec(
        "HANOI",
        "Đảng bộ thành phố Hà Nội",
        "city",
        17,
        10,
        CITY_TARGETS,
        parent=None,
    ),
    CommitteeSpec(
        "TAYHO",
        "Đảng bộ quận Tây Hồ",
        "urban_district",
        6,
        6,
        [
            "growth",
            "revenue",
            "spending",
            "schools_ratio",
            "health_wards",
            "poor_households",
            "party_good",
            "new_members",
            "members_good",
            "cadre_training",
            "cultural_families",
            "health_insurance",
            "jobs",
            "waste",
            "clean_water",
            "green_area",
            "public_investment",
            "online_procedures",
            "on_time_files",
            "construction_violations",
            "crime_solved",
            "conscription",
            "traffic_accidents",
            "safe_areas",
            "digital_payments",
        ],
        profiles={2022: "AEBAAAEEAEAEEAAEBEEAEAEAB"},
        overrides={
            # 13,48 % on average over 2020–2022 = 96,3 % of the term target of 14 %.
            "growth": Override(
                values={2020: D("12.10"), 2021: D("13.50"), 2022: D("14.84")},
                plans={},
                baseline=D(12),
                term_target=D(14),
            ),
            # 12.993 tỷ over 2020–2022 = 151 % of the plans of those years (8.604,6 tỷ).
            "revenue": Override(
                values={2020: D(4012), 2021: D(4325), 2022: D(4656)},
                plans={2020: D(2750), 2021: D(2850), 2022: D("3004.6")},
                term_target=D(20000),
                notes={(2022, 4): "Lũy kế 2020–2022 đạt 12.993 tỷ đồng, bằng 151% kế hoạch giao"},
            ),
            "spending": Override(
                values={2020: D(1250), 2021: D(1320), 2022: D(1429)},
                plans={2020: D(1300), 2021: D(1350), 2022: D(1400)},
                term_target=D(8400),
            ),
            # 26/27 schools up to the national standard (96,3 %): counts, not a percentage.
            "schools_ratio": Override(
                values={2020: D(24), 2021: D(25), 2022: D(26)},
                plans={2020: D("88.8"), 2021: D("92.5"), 2022: D("96.2")},
                baseline=D("85.2"),
                term_target=D(100),
                notes={(2022, 4): "26/27 trường công lập đạt chuẩn quốc gia"},
            ),
            # 8/8 wards keep the national health standard (100 %).
            "health_wards": Override(
                values={2020: D(8), 2021: D(8), 2022: D(8)},
                plans={2020: D(100), 2021: D(100), 2022: D(100)},
                baseline=D(100),
                term_target=D(100),
                notes={(2022, 4): "8/8 phường duy trì chuẩn quốc gia về y tế"},
            ),
            "poor_households": Override(
                values={2020: D(0), 2021: D(0), 2022: D(0)},
                plans={2020: D(0), 2021: D(0), 2022: D(0)},
                baseline=D(0),
                term_target=D(0),
                notes={(2022, 4): "Duy trì không có hộ nghèo theo chuẩn Thành phố"},
            ),
        },
    ),
    CommitteeSpec(
        "HOANGMAI",
        "Đảng bộ quận Hoàng Mai",
        "urban_district",
        4,
        6,
        [
            "revenue",
            "growth",
            "party_good",
            "new_members",
            "schools",
            "poor_households",
            "cultural_families",
            "health_insurance",
            "jobs",
            "waste",
            "public_investment",
            "online_procedures",
            "crime_solved",
            "conscription",
            "safe_areas",
        ],
        # 2020: 15/15 city-assigned targets achieved, 7 of them exceeded.
        profiles={2020: "EEAEAAEAEAEAEAA"},
        overrides={
            # 6.160 tỷ in 2020 = 102 % of the year's estimate.
            "revenue": Override(
                values={2020: D(6160), 2021: D(6420), 2022: D(7015)},
                plans={2020: D(6040), 2021: D(6300), 2022: D(6850)},
                term_target=D(42000),
                notes={(2020, 4): "Thu ngân sách năm 2020 đạt 6.160 tỷ đồng, bằng 102% dự toán"},
            ),
        },
    ),
    CommitteeSpec(
        "CAUGIAY",
        "Đảng bộ quận Cầu Giấy",
        "urban_district",
        6,
        6,
        [
            "revenue",
            "growth",
            "party_good_ratio",
            "members_good",
            "new_members",
            "schools",
            "cultural_families",
            "jobs",
            "waste",
            "online_procedures",
            "crime_solved",
            "conscription",
            "traffic_accidents",
        ],
        # 2021: 13/13 targets achieved or exceeded.
        profiles={2021: "EAEAEAAEAEAAE"},
        overrides={
            # 42/44 grassroots organisations did well or better (95,5 %).
            "party_good_ratio": Override(
                values={2020: D(41), 2021: D(42), 2022: D(42)},
                plans={2020: D(92), 2021: D(93), 2022: D(94)},
                baseline=D(90),
                term_target=D(95),
                notes={(2021, 4): "42/44 tổ chức cơ sở đảng hoàn thành tốt, xuất sắc nhiệm vụ"},
            ),
        },
    ),
    CommitteeSpec(
        "NAMTULIEM",
        "Đảng bộ quận Nam Từ Liêm",
        "urban_district",
        2,
        5,
        [
            "revenue",
            "growth",
            "party_good",
            "new_members",
            "schools",
            "cultural_families",
            "jobs",
            "waste",
            "green_area",
            "online_procedures",
            "crime_solved",
            "safe_areas",
        ],
        overrides={
            # Early 2021: revenue to date 1.392 tỷ = 21 % of the year's estimate.
            "revenue": Override(
                values={2020: D(6210), 2021: D(6985), 2022: D(7420)},
                plans={2020: D(6000), 2021: D(6630), 2022: D(7100)},
                term_target=D(42000),
                quarters={(2021, 1): D(1392)},
                notes={(2021, 1): "Lũy kế đến hết tháng 2 đạt 1.392 tỷ đồng, bằng 21% dự toán"},
            ),
        },
    ),
    CommitteeSpec(
        "THUONGTIN",
        "Đảng bộ huyện Thường Tín",
        "rural_district",
        24,
        9,
        [
            "revenue",
            "income",
            "growth",
            "new_rural",
            "party_good",
            "new_members",
            "schools",
            "poor_households",
            "health_insurance",
            "jobs",
            "clean_water",
            "waste",
            "crime_solved",
            "conscription",
            "traffic_accidents",
        ],
        overrides={
            # 2021: 1.113,733 tỷ; 2022: 1.114,476 tỷ = 135 % of the city's plan.
            "revenue": Override(
                values={2020: D("1020.5"), 2021: D("1113.733"), 2022: D("1114.476")},
                plans={2020: D(950), 2021: D(980), 2022: D("825.5")},
                term_target=D(6000),
                notes={(2022, 4): "Năm 2022 thu đạt 1.114,476 tỷ đồng, bằng 135% kế hoạch"},
            ),
            # 63 triệu đồng/người/năm in 2022 = 76,8 % of the congress goal of 82.
            "income": Override(
                values={2020: D(54), 2021: D("57.5"), 2022: D(63)},
                plans={2020: D(55), 2021: D(58), 2022: D(62)},
                baseline=D(52),
                term_target=D(82),
                notes={(2022, 4): "Đạt 76,8% mục tiêu Đại hội đề ra"},
            ),
        },
    ),
]

# Quarterly reports of the demo: every quarter approved, except the latest one.
LATEST_REPORTS = {
    "TAYHO": "submitted",
    "HOANGMAI": "approved",
    "CAUGIAY": "draft",
    "NAMTULIEM": "approved",
    "THUONGTIN": None,  # not reported yet
    "HANOI": "approved",
}

USERS = [
    # username, full name, superuser, staff, committee, role
    ("admin", "Quản trị hệ thống", True, True, None, None),
    ("thanhuy", "Thường trực Thành ủy", False, True, "HANOI", "viewer"),
    ("tonghop", "Cán bộ tổng hợp Văn phòng Thành ủy", False, True, "HANOI", "reviewer"),
    ("tayho", "Văn phòng Quận ủy Tây Hồ", False, True, "TAYHO", "editor"),
    ("hoangmai", "Văn phòng Quận ủy Hoàng Mai", False, True, "HOANGMAI", "editor"),
]

# Demo users are staff so that they can use the admin within their memberships; what each role
# may do there is a group of model permissions (app label, codename).
_VIEW_ALL = [
    ("districts", "view_committee"),
    ("districts", "view_term"),
    ("targets", "view_programme"),
    ("targets", "view_target"),
    ("targets", "view_annualplan"),
    ("targets", "view_figure"),
    ("targets", "view_quarterlyreport"),
]
DEMO_MAIL_DOMAIN = "chitieu.example"

ROLE_GROUPS = {
    "viewer": ("Lãnh đạo", _VIEW_ALL),
    "editor": (
        "Cán bộ nhập liệu",
        [*_VIEW_ALL, ("targets", "add_figure"), ("targets", "change_figure")],
    ),
    "reviewer": ("Cán bộ tổng hợp", [*_VIEW_ALL, ("targets", "change_quarterlyreport")]),
}

QUARTER_WEIGHTS = (D("0.22"), D("0.24"), D("0.25"))  # Q4 takes the rest of a sum


@dataclass(frozen=True)
class TargetData:
    code: str
    key: str
    item: CatalogueItem
    programme: int | None
    baseline: Decimal | None
    term_target: Decimal | None
    plans: dict[int, Decimal]
    quarters: dict[tuple[int, int], Decimal]
    notes: dict[tuple[int, int], str]
    estimates: frozenset[tuple[int, int]]


def _round(value: Decimal, places: int) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def _plan(item: CatalogueItem, year: int, scale: Decimal) -> Decimal:
    index = year - START_YEAR + 1
    if item.aggregation == "sum":
        return _round(item.per_year * scale * (D("1.06") ** (index - 1)), item.places)
    if item.aggregation == "average":
        return item.goal
    return _round(item.base + (item.goal - item.base) * index / TERM_YEARS, item.places)


def _value(item: CatalogueItem, plan: Decimal, letter: str, rng: random.Random) -> Decimal:
    unit = Decimal(1).scaleb(-item.places)
    margin = max(unit, _round(abs(plan) * D(str(rng.uniform(0.02, 0.08))), item.places))
    sign = 1 if item.direction == "up" else -1
    if letter == "A":
        return plan
    if letter == "B":
        sign = -sign
    value = plan + sign * margin
    if item.cap is not None and value > item.cap:
        value = item.cap
    return max(value, D(0))


def _quarters(item: CatalogueItem, year_values: dict[int, Decimal], start: Decimal, rng):
    """Quarterly figures whose year values are exactly the given ones."""
    quarters = {}
    previous = start
    for year, total in sorted(year_values.items()):
        if item.aggregation == "sum":
            parts = [_round(total * weight, item.places) for weight in QUARTER_WEIGHTS]
            parts.append(total - sum(parts))
        elif item.aggregation in ("latest", "ratio"):
            parts = [_round(previous + (total - previous) * q / 4, item.places) for q in (1, 2, 3)]
            parts.append(total)
        else:  # average: the year-to-date rate drifts toward the year's rate
            parts = [_round(total + D(str(rng.uniform(-0.4, 0.4))), item.places) for _ in range(3)]
            parts.append(total)
        for quarter, part in enumerate(parts, start=1):
            quarters[(year, quarter)] = part
        previous = total
    return quarters


def committee_targets(spec: CommitteeSpec) -> list[TargetData]:
    """The demo targets of one committee with their plans and quarterly figures."""
    result = []
    for position, key in enumerate(spec.targets):
        item = CATALOGUE[key]
        rng = random.Random(f"{spec.code}:{key}")
        scale = D(1) if spec.code == "HANOI" else D(str(round(rng.uniform(0.6, 1.4), 2)))
        if spec.code == "HANOI" and item.aggregation == "sum":
            scale = D(30)
        override = spec.overrides.get(key, Override())
        plans = (
            dict(override.plans)
            if override.plans is not None
            else {year: _plan(item, year, scale) for year in DEMO_YEARS}
        )
        if override.values:
            year_values = dict(override.values)
        else:
            year_values = {}
            for year in DEMO_YEARS:
                profile = spec.profiles.get(year)
                letter = profile[position] if profile else rng.choice("AAEEEB")
                year_values[year] = _value(item, plans[year], letter, rng)
        if item.aggregation == "sum":
            baseline = None
            # The term's total at the first year's pace: a committee on plan is on track.
            term_target = override.term_target or _round(
                item.per_year * scale * TERM_YEARS, item.places
            )
        else:
            baseline = override.baseline if override.baseline is not None else item.base
            term_target = override.term_target if override.term_target is not None else item.goal
        start = baseline or D(0)
        if item.aggregation == "ratio":
            # Counts: start from the baseline's count of the same whole.
            start = _round(start * item.denominator / 100, 0)
        quarters = _quarters(item, year_values, start, rng)
        quarters.update(override.quarters)
        _rebalance(item, quarters, year_values, override.quarters)
        notes = dict(override.notes)
        estimates = frozenset()
        if spec.code == "TAYHO" and key == "jobs":
            estimates = frozenset({(2022, 4)})
            notes[(2022, 4)] = "Số ước, chờ số liệu chính thức của Phòng LĐ-TB&XH"
        programme = item.programme if item.programme <= spec.programmes else None
        result.append(
            TargetData(
                code=f"{'TP' if spec.code == 'HANOI' else 'CT'}{position + 1:02d}",
                key=key,
                item=item,
                programme=programme,
                baseline=baseline,
                term_target=term_target,
                plans=plans,
                quarters=quarters,
                notes=notes,
                estimates=estimates,
            )
        )
    return result


def _rebalance(item, quarters, year_values, fixed) -> None:
    """After exact quarters are written in, keep each sum's year value as the report gives it."""
    if item.aggregation != "sum":
        return
    for year, total in year_values.items():
        if any(key[0] == year for key in fixed):
            free = [(year, q) for q in (1, 2, 3, 4) if (year, q) not in fixed]
            fixed_sum = sum(quarters[key] for key in fixed if key[0] == year)
            rest = total - fixed_sum
            for index, key in enumerate(free):
                if index < len(free) - 1:
                    quarters[key] = _round(rest / len(free), item.places)
                else:
                    quarters[key] = rest - sum(quarters[k] for k in free[:-1])


# --- the present: the city's term 2025–2030 and the wards and communes under it ----------------
#
# Since the 2025 reform the city committee (Đại hội XVIII) has ward and commune committees
# directly under it; the old districts have no term 2025–2030. Figures run from the first
# quarter after the reform (2025 Q4) to the last quarter that has ended (2026 Q3), which is
# partly handed in.

PRESENT_START, PRESENT_END = 2025, 2030
# The congresses of the new committees met in the autumn of 2025: they report from 2025 Q4
# (Term.start_quarter), and 2025 Q1–Q3 are neither asked for nor overdue.
PRESENT_START_QUARTER = 4
PRESENT_QUARTERS = [(2025, 4), (2026, 1), (2026, 2), (2026, 3)]
PRESENT_YEARS = (2025, 2026)
PRESENT_PROGRAMMES = [
    "Xây dựng Đảng và hệ thống chính trị trong sạch, vững mạnh",
    "Phát triển kinh tế, tăng thu ngân sách; chính quyền đô thị, chuyển đổi số",
    "Văn hóa, giáo dục, y tế, an sinh xã hội",
    "Quốc phòng, an ninh, trật tự an toàn xã hội",
]


@dataclass(frozen=True)
class PresentItem:
    """A target of the present term. Sums: `per_year` is the 2026 plan at scale 1. Levels and
    ratios: `base` at the start of the term and `goal` at its end (ratios in %, figures are
    counts of `denominator`)."""

    name: str
    group: str
    programme: int
    unit: str
    aggregation: str
    frequency: str = "quarter"
    direction: str = "up"
    places: int = 0
    base: Decimal = Decimal(0)
    goal: Decimal = Decimal(0)
    per_year: Decimal = Decimal(0)
    denominator: int = 0


PRESENT_CATALOGUE: dict[str, PresentItem] = {
    "revenue": PresentItem(
        "Thu ngân sách nhà nước trên địa bàn",
        "socio_economic",
        2,
        "tỷ đồng",
        "sum",
        places=1,
        per_year=D(900),
    ),
    "party_orgs": PresentItem(
        "Tổ chức cơ sở đảng hoàn thành tốt nhiệm vụ trở lên",
        "party_building",
        1,
        "tổ chức",
        "ratio",
        frequency="year",
        base=D(90),
        goal=D(95),
        denominator=40,
    ),
    "new_members": PresentItem(
        "Kết nạp đảng viên mới",
        "party_building",
        1,
        "đảng viên",
        "sum",
        frequency="half_year",
        per_year=D(60),
    ),
    "members_good": PresentItem(
        "Tỷ lệ đảng viên hoàn thành tốt nhiệm vụ trở lên",
        "party_building",
        1,
        "%",
        "latest",
        frequency="year",
        places=1,
        base=D(90),
        goal=D(93),
    ),
    "schools": PresentItem(
        "Trường công lập đạt chuẩn quốc gia",
        "socio_economic",
        3,
        "trường",
        "ratio",
        frequency="half_year",
        base=D(85),
        goal=D(100),
        denominator=20,
    ),
    "health_insurance": PresentItem(
        "Tỷ lệ dân số tham gia bảo hiểm y tế",
        "socio_economic",
        3,
        "%",
        "latest",
        places=1,
        base=D(93),
        goal=D(96),
    ),
    "jobs": PresentItem(
        "Số lao động được giải quyết việc làm mới",
        "socio_economic",
        3,
        "người",
        "sum",
        per_year=D(900),
    ),
    "online_procedures": PresentItem(
        "Tỷ lệ hồ sơ thủ tục hành chính giải quyết trực tuyến toàn trình",
        "socio_economic",
        2,
        "%",
        "latest",
        places=1,
        base=D(60),
        goal=D(90),
    ),
    "poor_households": PresentItem(
        "Hộ nghèo theo chuẩn Thành phố",
        "socio_economic",
        3,
        "hộ",
        "latest",
        frequency="year",
        direction="down",
        base=D(12),
        goal=D(0),
    ),
    "safe_areas": PresentItem(
        "Tổ dân phố, thôn đạt tiêu chuẩn An toàn về an ninh, trật tự",
        "defence_security",
        4,
        "tổ dân phố",
        "ratio",
        base=D(85),
        goal=D(95),
        denominator=50,
    ),
}

# The city's targets of 2025–2030 that the wards' and communes' targets contribute to.
PRESENT_CITY_TARGETS = ["revenue", "party_orgs", "schools", "jobs", "health_insurance"]


@dataclass(frozen=True)
class PresentSpec:
    code: str
    name: str
    level: str
    congress: int
    scale: Decimal
    targets: list[str]
    report_2026_q3: str | None  # the latest quarter: submitted, approved, draft or none
    parent: str | None = "HANOI"


PRESENT_COMMITTEES = [
    PresentSpec(
        "HANOI",
        "Đảng bộ thành phố Hà Nội",
        "city",
        18,
        D(40),
        PRESENT_CITY_TARGETS,
        "draft",
        parent=None,
    ),
    PresentSpec(
        "PTAYHO",
        "Đảng bộ phường Tây Hồ",
        "ward",
        1,
        D("1.1"),
        list(PRESENT_CATALOGUE),
        "submitted",
    ),
    PresentSpec(
        "PPHUTHUONG",
        "Đảng bộ phường Phú Thượng",
        "ward",
        1,
        D("0.6"),
        [
            "revenue",
            "party_orgs",
            "new_members",
            "schools",
            "health_insurance",
            "jobs",
            "online_procedures",
            "safe_areas",
        ],
        "approved",
    ),
    PresentSpec(
        "PHOANGMAI",
        "Đảng bộ phường Hoàng Mai",
        "ward",
        1,
        D("1.3"),
        list(PRESENT_CATALOGUE),
        "draft",
    ),
    PresentSpec(
        "PCAUGIAY",
        "Đảng bộ phường Cầu Giấy",
        "ward",
        1,
        D("1.5"),
        [
            "revenue",
            "party_orgs",
            "new_members",
            "members_good",
            "schools",
            "health_insurance",
            "jobs",
            "online_procedures",
            "safe_areas",
        ],
        "submitted",
    ),
    PresentSpec(
        "XTHUONGTIN",
        "Đảng bộ xã Thường Tín",
        "commune",
        1,
        D("0.5"),
        [
            "revenue",
            "party_orgs",
            "new_members",
            "schools",
            "health_insurance",
            "jobs",
            "poor_households",
            "safe_areas",
        ],
        None,
    ),
]

# The editors of 2020–2025's districts edit the wards of the same names in 2025–2030.
PRESENT_MEMBERSHIPS = [("tayho", "PTAYHO", "editor"), ("hoangmai", "PHOANGMAI", "editor")]


@dataclass(frozen=True)
class PresentRevision:
    committee: str
    key: str
    plan_year: int | None
    factor: Decimal  # the revised value is the original times this
    from_year: int
    from_quarter: int
    basis: str


# Phường Tây Hồ's 2026 revenue estimate, lowered by its committee's resolution in July; and its
# 2026 plan of new jobs, raised in January, in force from the first quarter.
PRESENT_REVISIONS = [
    PresentRevision(
        "PTAYHO", "revenue", 2026, D("0.9"), 2026, 3,
        "Nghị quyết số 12-NQ/ĐU ngày 15/7/2026 của Ban Chấp hành Đảng bộ phường Tây Hồ",
    ),
    PresentRevision(
        "PTAYHO", "jobs", 2026, D("1.1"), 2026, 1,
        "Kết luận số 03-KL/ĐU ngày 20/01/2026 của Ban Thường vụ Đảng ủy phường Tây Hồ",
    ),
]  # fmt: skip


@dataclass(frozen=True)
class PresentTargetData:
    code: str
    key: str
    item: PresentItem
    baseline: Decimal | None
    term_target: Decimal
    plans: dict[int, Decimal]
    values: dict[tuple[int, int], Decimal]  # sums and levels; ratios: numerators
    denominator: int = 0  # ratios: the committee's count of all


def present_quarters(spec: PresentSpec) -> list[tuple[int, int]]:
    """The quarters with figures: all of them, except 2026 Q3 where nothing was handed in."""
    if spec.report_2026_q3 is None:
        return PRESENT_QUARTERS[:-1]
    return list(PRESENT_QUARTERS)


def present_targets(spec: PresentSpec) -> list[PresentTargetData]:
    """The targets of one committee in 2025–2030 with plans and figures of its due quarters."""
    result = []
    quarters = present_quarters(spec)
    for position, key in enumerate(spec.targets):
        item = PRESENT_CATALOGUE[key]
        rng = random.Random(f"present:{spec.code}:{key}")
        due = [
            (year, quarter)
            for year, quarter in quarters
            if quarter
            in {"quarter": (1, 2, 3, 4), "half_year": (2, 4), "year": (4,)}[item.frequency]
        ]
        if item.aggregation == "sum":
            plan_2026 = _round(item.per_year * spec.scale, item.places)
            plans = {2025: _round(plan_2026 / 4, item.places), 2026: plan_2026}
            per_quarter = {"quarter": 4, "half_year": 2, "year": 1}[item.frequency]
            values = {}
            for year, quarter in due:
                share = plans[year] if year == 2025 else plan_2026 / per_quarter
                factor = D(str(round(rng.uniform(0.92, 1.3), 2)))
                values[(year, quarter)] = _round(share * factor, item.places)
            baseline, term_target = None, _round(plan_2026 * 5 + plans[2025], item.places)
        denominator = max(1, int(_round(item.denominator * spec.scale, 0)))
        if item.aggregation != "sum":
            span = item.goal - item.base
            plans = {
                year: _round(item.base + span * (year - PRESENT_START + 1) / 6, 1)
                for year in PRESENT_YEARS
            }
            values = {}
            for key_moment in due:
                # Around the year's plan, more often above it than below.
                swing = D(str(round(rng.uniform(-0.08, 0.14), 3)))
                level = plans[key_moment[0]] + (abs(span) or D(1)) * swing
                if item.aggregation == "ratio":
                    count = _round(level * denominator / 100, 0)
                    values[key_moment] = min(max(count, D(0)), D(denominator))
                else:
                    values[key_moment] = max(_round(level, item.places), D(0))
            baseline, term_target = item.base, item.goal
        result.append(
            PresentTargetData(
                code=f"{'TP' if spec.code == 'HANOI' else 'CT'}{position + 1:02d}",
                key=key,
                item=item,
                baseline=baseline,
                term_target=term_target,
                plans=plans,
                values=values,
                denominator=denominator if item.aggregation == "ratio" else 0,
            )
        )
    return result
