"""The benchmark pages: the central agency's table, indicator and office pages, exports and
collection page (central host), and the office's own card (office host).

Offices compared here are rows only (no schema): comparing needs only the collected numbers.
"""

from __future__ import annotations

import csv
import io
import itertools
from collections.abc import Iterator
from datetime import UTC, datetime
from decimal import Decimal
from unittest import mock

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.roles import OfficeRole
from central.benchmarks import Collection, IndicatorValue
from central.tasks import collect_all_task, collect_office_task
from core.indicators import all_indicators
from tenants.models import Office
from tests.conftest import central_client, office_client

pytestmark = pytest.mark.django_db

CARDS = "idcards.issued.teacher"
MINUTES = "onestop.median_service_minutes"
AMOUNT = "reimbursements.medical.amount"
PERSONNEL = "people.personnel"

_areas = itertools.count(200)


def _office(code: str, kind: str, region: str, province: str, **extra: object) -> Office:
    return Office.objects.create(
        code=code,
        schema_name=f"esa_{code}",
        name_th=f"สำนักงานทดสอบ {code}",
        kind=kind,
        region=region,
        province=province,
        area_number=next(_areas),
        **extra,
    )


def _value(
    office: Office, code: str, value: str | None, per_100: str | None = None, year: int = 2557
) -> None:
    IndicatorValue.objects.create(
        office=office,
        fiscal_year=year,
        code=code,
        value=None if value is None else Decimal(value),
        per_100_personnel=None if per_100 is None else Decimal(per_100),
        collected_at=timezone.now(),
    )


@pytest.fixture
def compared(db: None) -> dict[str, Office]:
    """Five offices (the session's offices set aside) with hand-checked values for 2557."""
    Office.objects.update(is_active=False)
    made = {
        "p1": _office("bmp1", "primary", "south", "พัทลุง"),
        "p2": _office("bmp2", "primary", "south", "พัทลุง"),
        "p3": _office("bmp3", "primary", "north", "เชียงใหม่"),
        "s1": _office("bms1", "secondary", "south", "สงขลา"),
        "s2": _office("bms2", "secondary", "north", "เชียงใหม่"),
    }
    cards = {"p1": ("10", "5"), "p2": ("30", "10"), "p3": ("20", "40"), "s1": ("40", "8")}
    for key, (value, rate) in cards.items():
        _value(made[key], CARDS, value, rate)
    _value(made["s2"], CARDS, None)
    _value(made["p1"], CARDS, "8", "4", year=2556)
    for key, value in {"p1": "200", "p2": "300", "p3": "50", "s1": "500", "s2": "100"}.items():
        _value(made[key], PERSONNEL, value)
    for key, value in {"p1": "12.5", "p2": "8", "p3": "15", "s1": "9.25"}.items():
        _value(made[key], MINUTES, value)
    _value(made["p1"], AMOUNT, "10050.5", "5025.25")
    return made


def _body(response: object) -> str:
    return response.content.decode()  # type: ignore[attr-defined]


def _order(body: str, *names: str) -> list[int]:
    return [body.index(name) for name in names]


# ---- Roles --------------------------------------------------------------------------------

CENTRAL_PAGES = [
    "/benchmarks/",
    f"/benchmarks/indicators/{CARDS}/",
    "/benchmarks/offices/bmp1/",
    "/benchmarks/export.csv",
    "/benchmarks/export.xlsx",
    "/benchmarks/collection/",
]


@pytest.mark.parametrize("path", CENTRAL_PAGES)
@pytest.mark.parametrize("username", ["analyst", "operator"])
def test_central_roles_read_every_benchmark_page(
    compared: dict[str, Office], path: str, username: str
) -> None:
    assert central_client(username).get(path).status_code == 200


@pytest.mark.parametrize("path", CENTRAL_PAGES)
def test_anonymous_is_sent_to_sign_in(compared: dict[str, Office], path: str) -> None:
    response = central_client().get(path)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize("path", CENTRAL_PAGES)
def test_an_office_session_is_a_stranger_on_the_central_benchmarks(
    compared: dict[str, Office], path: str
) -> None:
    office = Office.objects.get(code="alpha")
    intruder = central_client()
    intruder.cookies = office_client(office, "everything").cookies
    response = intruder.get(path)
    assert response.wsgi_request.user.is_anonymous
    assert response.status_code == 302


def test_the_central_home_links_the_benchmarks_for_central_roles(db: None) -> None:
    assert "/benchmarks/" in _body(central_client("analyst").get("/"))
    assert "/benchmarks/" not in _body(central_client().get("/"))


# ---- The table of all offices -------------------------------------------------------------


def test_table_shows_every_active_office_with_its_ranks(compared: dict[str, Office]) -> None:
    body = _body(central_client("analyst").get("/benchmarks/?fy=2557"))
    for office in compared.values():
        assert office.name_th in body
    assert "alpha" not in body  # suspended here: not compared
    assert "10,050.50" in body  # baht with two places
    assert "12.50" in body  # minutes with two places
    assert "ปีงบประมาณ" in body


def test_table_headers_give_units_and_which_way_is_better(compared: dict[str, Office]) -> None:
    body = _body(central_client("analyst").get("/benchmarks/?fy=2557"))
    head = body[body.index("<thead") : body.index("</thead>")]
    for unit in ("(คน)", "(ใบ)", "(ครั้ง)", "(บาท)", "(ร้อยละ)", "(นาที)"):
        assert unit in head, unit
    assert "น้อยกว่าดีกว่า" in head  # minutes
    assert "มากกว่าดีกว่า" in head  # the share within the standard
    assert "ปริมาณงาน: อันดับ 1 คือมากที่สุด" in head  # baht paid, cards, payments
    # The office's kind, region and province sort from the office's header.
    for key in ("office", "kind", "region", "province"):
        assert f"sort={key}&amp;" in head or f"sort={key}&" in head, key


def test_table_sorts_by_an_indicator_with_missing_values_last(compared: dict[str, Office]) -> None:
    client = central_client("analyst")
    body = _body(client.get(f"/benchmarks/?fy=2557&sort={CARDS}&dir=desc"))
    names = [compared[k].name_th for k in ("s1", "p2", "p3", "p1", "s2")]
    assert _order(body, *names) == sorted(_order(body, *names))
    body = _body(client.get(f"/benchmarks/?fy=2557&sort={CARDS}&dir=asc"))
    names = [compared[k].name_th for k in ("p1", "p3", "p2", "s1", "s2")]
    assert _order(body, *names) == sorted(_order(body, *names))
    # Minutes: sorted by value; ascending puts the best (shortest) first.
    body = _body(client.get(f"/benchmarks/?fy=2557&sort={MINUTES}&dir=asc"))
    names = [compared[k].name_th for k in ("p2", "s1", "p1", "p3")]
    assert _order(body, *names) == sorted(_order(body, *names))


def test_table_sorts_by_office_columns(compared: dict[str, Office]) -> None:
    body = _body(central_client("analyst").get("/benchmarks/?fy=2557&sort=personnel&dir=desc"))
    names = [compared[k].name_th for k in ("s1", "p2", "p1", "s2", "p3")]
    assert _order(body, *names) == sorted(_order(body, *names))


def test_per_100_basis_ranks_by_rate(compared: dict[str, Office]) -> None:
    body = _body(
        central_client("analyst").get(f"/benchmarks/?fy=2557&basis=per_100&sort={CARDS}&dir=desc")
    )
    names = [compared[k].name_th for k in ("p3", "p2", "s1", "p1")]
    assert _order(body, *names) == sorted(_order(body, *names))
    assert "40.00" in body


@pytest.mark.parametrize(
    ("query", "shown"),
    [
        ("kind=secondary", {"s1", "s2"}),
        ("region=north", {"p3", "s2"}),
        ("province=พัทลุง", {"p1", "p2"}),
        ("kind=primary&region=south", {"p1", "p2"}),
    ],
)
def test_table_filters(compared: dict[str, Office], query: str, shown: set[str]) -> None:
    body = _body(central_client("analyst").get(f"/benchmarks/?fy=2557&{query}"))
    for key, office in compared.items():
        assert (f">{office.name_th}</a>" in body) is (key in shown), key


def test_table_says_so_when_nothing_is_collected(db: None) -> None:
    IndicatorValue.objects.all().delete()
    body = _body(central_client("analyst").get("/benchmarks/"))
    assert "ยังไม่ได้เก็บข้อมูล" in body


def _queries(path: str) -> int:
    client = central_client("analyst")
    client.get(path)  # the session and user are warm
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries)


def _more_offices(count: int, prefix: str = "bmx") -> None:
    for n in range(count):
        office = _office(f"{prefix}{n}", "primary", "central", f"จังหวัด{n}")
        _value(office, CARDS, str(n + 1), "1.5")
        _value(office, CARDS, str(n), "1", year=2556)
        _value(office, MINUTES, "10")
        _value(office, PERSONNEL, "100")


@pytest.mark.parametrize(
    "path",
    [
        "/benchmarks/?fy=2557",
        f"/benchmarks/indicators/{CARDS}/?fy=2557",
        f"/benchmarks/indicators/{CARDS}/?fy=2557&basis=per_100",
        "/benchmarks/offices/bmp1/",
        "/benchmarks/export.csv?fy=2557",
        "/benchmarks/export.xlsx?fy=2557",
        "/benchmarks/collection/",
    ],
)
def test_query_count_does_not_grow_with_the_offices(compared: dict[str, Office], path: str) -> None:
    before = _queries(path)
    _more_offices(12)
    assert _queries(path) == before


def test_a_warm_table_reads_only_the_data_version(compared: dict[str, Office]) -> None:
    client = central_client("analyst")
    client.get("/benchmarks/")
    with CaptureQueriesContext(connection) as queries:
        client.get("/benchmarks/?fy=2557")
    # The years, the year it opens on and the comparisons are kept for the data version.
    assert not [q for q in queries if "central_indicatorvalue" in q["sql"]]
    assert len([q for q in queries if "central_benchmarkversion" in q["sql"]]) >= 1


# ---- One indicator ------------------------------------------------------------------------


def test_indicator_page_has_a_chart_the_medians_and_the_ranked_list(
    compared: dict[str, Office],
) -> None:
    body = _body(central_client("analyst").get(f"/benchmarks/indicators/{CARDS}/?fy=2557"))
    assert "<svg" in body and "chart--distribution" in body
    assert "บัตรที่ออกให้ข้าราชการครู" in body
    assert "ค่ามัธยฐานระดับประเทศ 25" in body  # 10, 20, 30, 40
    names = [compared[k].name_th for k in ("s1", "p2", "p3", "p1", "s2")]
    table = body[body.index("<tbody", body.index("chart--distribution")) :]
    table = table[table.index("<tbody", table.index("</tbody>")) :]  # the ranked list
    assert _order(table, *names) == sorted(_order(table, *names))
    assert "+2" in body  # p1: 8 -> 10
    assert "40.00" in body  # p3 per 100 personnel
    assert "37.50" in body  # p3's percentile: (1 + ½) / 4


def test_indicator_page_peer_medians(compared: dict[str, Office]) -> None:
    body = _body(central_client("analyst").get(f"/benchmarks/indicators/{CARDS}/?fy=2557"))
    assert "ประถมศึกษา" in body and "มัธยมศึกษา" in body
    assert "พัทลุง" in body and "เชียงใหม่" in body


def test_indicator_page_marks_the_chosen_office(compared: dict[str, Office]) -> None:
    body = _body(
        central_client("analyst").get(f"/benchmarks/indicators/{CARDS}/?fy=2557&office=bmp3")
    )
    chart = body[body.index("<svg") : body.index("</svg>")]
    assert f"{compared['p3'].name_th}: 20" in chart
    assert 'class="bm-highlight"' in body


def test_indicator_page_on_a_per_100_basis(compared: dict[str, Office]) -> None:
    body = _body(
        central_client("analyst").get(f"/benchmarks/indicators/{CARDS}/?fy=2557&basis=per_100")
    )
    assert "ค่ามัธยฐานระดับประเทศ 9.00" in body  # 5, 8, 10, 40


def test_a_lower_is_better_indicator_ranks_the_shortest_first(
    compared: dict[str, Office],
) -> None:
    body = _body(central_client("analyst").get(f"/benchmarks/indicators/{MINUTES}/?fy=2557"))
    names = [compared[k].name_th for k in ("p2", "s1", "p1", "p3")]
    table = body[body.rindex("<table") :]
    assert _order(table, *names) == sorted(_order(table, *names))


@pytest.mark.parametrize(
    "path", ["/benchmarks/indicators/no.such.code/", "/benchmarks/offices/nosuchoffice/"]
)
def test_unknown_indicator_or_office_is_404(compared: dict[str, Office], path: str) -> None:
    assert central_client("analyst").get(path).status_code == 404


# ---- One office ---------------------------------------------------------------------------


def test_office_page_shows_every_indicator_over_the_years(compared: dict[str, Office]) -> None:
    body = _body(central_client("analyst").get("/benchmarks/offices/bmp1/"))
    assert compared["p1"].name_th in body
    for indicator in all_indicators():
        assert indicator.label_th in body
    assert body.count("chart--trend") == len(all_indicators())
    assert "2556" in body and "2557" in body
    assert "10,050.50" in body and "5,025.25" in body
    assert ">1/1<" in body  # the only office with an amount: first of one


# ---- Exports ------------------------------------------------------------------------------


def test_csv_export_parses_back(compared: dict[str, Office]) -> None:
    response = central_client("analyst").get("/benchmarks/export.csv?fy=2557")
    assert response["Content-Type"].startswith("text/csv")
    content = response.getvalue()  # a stream: read once
    assert content.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    header, data = rows[0], rows[1:]
    assert len(header) == 18 and header[0] == "รหัสสำนักงาน"
    assert len(data) == len(compared) * len(all_indicators())
    row = next(r for r in data if r[0] == "bmp3" and r[6] == CARDS)
    assert row[1] == compared["p3"].name_th and row[2] == "ประถมศึกษา" and row[5] == "2557"
    assert row[7] == "บัตรที่ออกให้ข้าราชการครู"
    # value, per 100, rank, percentile, quartile, peer rank, national median, peer median, note
    assert row[9:] == ["20", "40", "3", "37.50", "3", "2", "25", "20", ""]
    empty = next(r for r in data if r[0] == "bms2" and r[6] == CARDS)
    assert empty[9] == "" and empty[11] == ""


def test_xlsx_export_has_numbers_as_numbers(compared: dict[str, Office]) -> None:
    from openpyxl import load_workbook

    response = central_client("analyst").get("/benchmarks/export.xlsx?fy=2557")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.getvalue())).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 1 + len(compared) * len(all_indicators())
    row = next(r for r in rows[1:] if r[0] == "bmp1" and r[6] == AMOUNT)
    assert row[5] == 2557
    assert row[9] == pytest.approx(10050.5) and row[10] == pytest.approx(5025.25)
    assert isinstance(row[9], float) and isinstance(row[11], int)


# ---- Collection ---------------------------------------------------------------------------


@pytest.fixture
def collections(compared: dict[str, Office]) -> dict[str, Office]:
    Collection.objects.create(
        office=compared["p1"],
        last_success_at=datetime(2024, 10, 1, 19, 30, tzinfo=UTC),
        last_duration_ms=420,
    )
    Collection.objects.create(
        office=compared["p2"],
        last_failure_at=datetime(2024, 10, 2, 1, 5, tzinfo=UTC),
        last_error="OperationalError: the office's schema is missing",
        failures_in_a_row=2,
    )
    return compared


def test_collection_page_shows_successes_and_failures(collections: dict[str, Office]) -> None:
    body = _body(central_client("analyst").get("/benchmarks/collection/"))
    assert "2 ต.ค. 2567 02:30" in body  # B.E., Asia/Bangkok
    assert "2 ต.ค. 2567 08:05" in body
    assert "the office&#x27;s schema is missing" in body
    assert "เก็บข้อมูลตอนนี้" not in body  # analysts read only


def test_operator_starts_a_collection_of_every_office(collections: dict[str, Office]) -> None:
    client = central_client("operator")
    assert "เก็บข้อมูลตอนนี้" in _body(client.get("/benchmarks/collection/"))
    with mock.patch.object(collect_all_task, "delay") as delay:
        response = client.post("/benchmarks/collection/")
    assert response.status_code == 302
    delay.assert_called_once_with()
    assert "เริ่มเก็บข้อมูล" in _body(client.get("/benchmarks/collection/"))


def test_operator_starts_a_collection_of_one_office(collections: dict[str, Office]) -> None:
    office = collections["p2"]
    with mock.patch.object(collect_office_task, "delay") as delay:
        central_client("operator").post("/benchmarks/collection/", {"office": office.code})
    delay.assert_called_once_with(office.pk)


def test_analyst_cannot_start_a_collection(collections: dict[str, Office]) -> None:
    with mock.patch.object(collect_all_task, "delay") as delay:
        response = central_client("analyst").post("/benchmarks/collection/")
    assert response.status_code == 403
    assert not delay.called


# ---- The office's own card ----------------------------------------------------------------


@pytest.fixture
def peers(office_a: Office, office_b: Office) -> Iterator[dict[str, Office]]:
    """Alpha (primary) and beta (secondary) with values, and three more primary offices."""
    _value(office_a, CARDS, "123", "6.15")
    _value(office_a, CARDS, "100", "5", year=2556)
    _value(office_b, CARDS, "98765", "4321.09")
    _value(office_b, MINUTES, "77.77")
    others = {}
    for n, value in enumerate(["50", "150", "200"]):
        others[n] = _office(f"bmpeer{n}", "primary", "south", "ทดสอบ")
        _value(others[n], CARDS, value)
    yield {"alpha": office_a, "beta": office_b}


def test_office_card_shows_its_figures_medians_and_ranks(peers: dict[str, Office]) -> None:
    body = _body(office_client(peers["alpha"], "viewer").get("/benchmarks/"))
    assert "บัตรที่ออกให้ข้าราชการครู" in body
    assert "123" in body and "6.15" in body
    assert "136.50" in body  # the primary offices' median: 50, 123 | 150, 200
    assert "4 จาก 5" in body and "3 จาก 4" in body  # national and peer ranks
    assert "+23" in body


def test_office_card_names_and_ranks_its_peers(peers: dict[str, Office]) -> None:
    """Offices see each other's figures (issue 11): the card says so and lists them."""
    client = office_client(peers["alpha"], "viewer")
    body = _body(client.get("/benchmarks/?fy=2557"))
    assert "เห็นตัวเลขของกันและกัน" in body  # offices see each other's figures
    ranking = body[body.index('id="ranking"') :]
    names = [f"สำนักงานทดสอบ bmpeer{n}" for n in (2, 1)] + [peers["alpha"].name_th]
    # The primary offices (its kind) on cards to teachers, best first: 200, 150, 123, 50.
    assert _order(ranking, *names, "สำนักงานทดสอบ bmpeer0") == sorted(
        _order(ranking, *names, "สำนักงานทดสอบ bmpeer0")
    )
    assert "200" in ranking and "150" in ranking and 'class="bm-highlight"' in ranking
    assert peers["beta"].name_th not in ranking  # secondary: another peer group

    national = _body(client.get("/benchmarks/?fy=2557&group=national"))
    ranking = national[national.index('id="ranking"') :]
    assert peers["beta"].name_th in ranking and "98,765" in ranking  # beta first nationally
    assert ranking.index(peers["beta"].name_th) < ranking.index("bmpeer2")


@pytest.mark.parametrize(
    ("group", "beta_shown"),
    [
        ("kind", False),  # beta is secondary
        ("region", False),  # beta is in the north
        ("province", True),  # ... but in the same province
        ("national", True),
        ("nonsense", False),  # the kind, by default
    ],
)
def test_office_card_ranks_within_the_chosen_group(
    peers: dict[str, Office], group: str, beta_shown: bool
) -> None:
    body = _body(office_client(peers["alpha"], "viewer").get(f"/benchmarks/?group={group}"))
    ranking = body[body.index('id="ranking"') :]
    for n in range(3):  # primary, south, ทดสอบ: in every group of alpha's
        assert f"สำนักงานทดสอบ bmpeer{n}" in ranking
    assert (peers["beta"].name_th in ranking) is beta_shown


def test_office_card_ranks_any_indicator(peers: dict[str, Office]) -> None:
    body = _body(
        office_client(peers["alpha"], "viewer").get(
            f"/benchmarks/?group=national&indicator={MINUTES}"
        )
    )
    ranking = body[body.index('id="ranking"') :]
    assert peers["beta"].name_th in ranking and "77.77" in ranking


def test_office_card_when_nothing_is_collected(office_a: Office) -> None:
    body = _body(office_client(office_a, "viewer").get("/benchmarks/"))
    assert "ส่วนกลางยังไม่ได้เก็บตัวชี้วัดของสำนักงานนี้" in body


@pytest.mark.parametrize("role", [role.value for role in OfficeRole])
def test_every_office_role_reads_the_card(peers: dict[str, Office], role: str) -> None:
    assert office_client(peers["alpha"], role).get("/benchmarks/").status_code == 200


def test_anonymous_on_the_office_card_signs_in(office_a: Office) -> None:
    response = office_client(office_a).get("/benchmarks/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_office_home_links_the_card(office_a: Office) -> None:
    assert 'href="/benchmarks/"' in _body(office_client(office_a, "viewer").get("/"))


# ---- Charts -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "unit", "text"),
    [
        (Decimal("1234"), "cards", "1,234"),
        (Decimal("12.5"), "cards", "12.50"),  # a median between two counts
        (Decimal("10050.5"), "baht", "10,050.50"),
        (Decimal("87.456"), "percent", "87.46"),
        (Decimal("9"), "minutes", "9.00"),
        (None, "cards", "–"),
    ],
)
def test_figures_are_printed_by_their_unit(value: Decimal | None, unit: str, text: str) -> None:
    from central.charts import format_figure

    assert format_figure(value, unit) == text


def test_office_card_query_count_does_not_grow_with_the_offices(peers: dict[str, Office]) -> None:
    client = office_client(peers["alpha"], "viewer")
    path = "/benchmarks/?fy=2557&group=national"

    def queries() -> int:
        client.get(path)  # the session and user are warm
        with CaptureQueriesContext(connection) as captured:
            assert client.get(path).status_code == 200
        return len(captured)

    before = queries()
    connection.set_schema_to_public()  # the request left the office's schema on
    _more_offices(12)
    assert queries() == before
