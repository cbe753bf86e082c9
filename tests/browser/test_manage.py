"""The manager's settings page in Chromium against a real server: a new sphere and service
with its card reach the kiosk, an administrator gets the skill for it, the server's refusal
is shown in Ukrainian beside the form, a display's link is shown once, the change log
names who made the service, and the month's XLSX holds its first visitor; the page passes
axe, throws nothing and speaks English too."""

from __future__ import annotations

import io
import re
from typing import Any

from openpyxl import load_workbook
from playwright.sync_api import ConsoleMessage, expect

from tests.browser.admin_pages import (  # noqa: F401  (the fixtures are used by name)
    Manage,
    PageFactory,
    admin_server_fixture,
    admin_staff_fixture,
    module_staff_fixture,
    open_page_fixture,
    serious_violations,
    sign_in,
    wait_until,
)
from tests.browser.conftest import Staff
from tests.browser.kiosk_pages import Kiosk
from tests.factories import COUNTER_2, MAIN
from tests.servers import Server

SPHERE = {"uk": "Ветеринарна медицина", "en": "Veterinary medicine", "code": "veterinary-medicine"}
SERVICE = {
    "Назва послуги (українською)": "Довідка для виїзду з твариною",
    "Назва послуги (англійською)": "Certificate for travelling with a pet",
    "Опис (українською)": "Ветеринарне свідоцтво для перевезення тварини за кордон.",
    "Опис (англійською)": "A veterinary certificate for taking a pet abroad.",
    "Документи (українською)": "Ветеринарний паспорт тварини\nДовідка про щеплення",
    "Документи (англійською)": "The pet's veterinary passport\nVaccination record",
    "Вартість (українською)": "Безоплатно",
    "Вартість (англійською)": "Free of charge",
    "Строк надання (українською)": "1 робочий день",
    "Строк надання (англійською)": "1 working day",
}
NAME = SERVICE["Назва послуги (українською)"]


def settings(staff: Staff) -> dict[str, Any]:
    r = staff.client.get(f"/config/offices/{MAIN}", headers=staff.as_("manager"))
    assert r.status_code == 200, r.text
    return dict(r.json())


def test_a_new_service_with_its_card_reaches_the_kiosk_and_the_change_log(
    admin_server: Server, admin_staff: Staff, open_page: PageFactory
) -> None:
    manage = Manage(open_page(), admin_server.url).open(admin_staff, tab="services")
    page = manage.page

    page.get_by_role("button", name="Додати сферу", exact=True).click()
    sphere = manage.dialog("sphere")
    manage.fill(
        sphere,
        {"Назва сфери (українською)": SPHERE["uk"], "Назва сфери (англійською)": SPHERE["en"]},
    )
    manage.save(sphere)
    expect(manage.notice).to_have_text(f"Сферу «{SPHERE['uk']}» додано.")
    block = manage.sphere(SPHERE["uk"])
    block.get_by_role("button", name="Додати послугу до сфери").click()

    service = manage.dialog("service")
    new_sphere = next(c for c in settings(admin_staff)["categories"] if c["code"] == SPHERE["code"])
    expect(service.get_by_label("Сфера", exact=True)).to_have_value(str(new_sphere["id"]))
    # An empty name and a prefix of an active service: the server's words, in Ukrainian,
    # beside the form, which stays open.
    error = service.locator("[data-slot=error]")
    service.get_by_label("Літера талона (префікс)").fill("В")
    service.get_by_role("button", name="Зберегти", exact=True).click()
    expect(error).to_be_visible()
    expect(error).to_contain_text("не може бути порожнім")
    manage.fill(service, SERVICE)
    service.get_by_label("Літера талона (префікс)").fill("П")
    service.get_by_role("button", name="Зберегти", exact=True).click()
    expect(error).to_contain_text("префікс «П» уже має діюча послуга")
    expect(service).to_be_visible()
    service.get_by_label("Літера талона (префікс)").fill("В")
    manage.save(service)
    expect(manage.notice).to_have_text(f"Послугу «{NAME}» додано.")
    row = block.locator("tr[data-service]").filter(has_text=NAME)
    expect(row.locator("td.prefix")).to_have_text("В")
    created = next(s for s in settings(admin_staff)["services"] if s["name_uk"] == NAME)
    assert created["category_id"] == new_sphere["id"]
    assert created["card"]["documents_uk"] == SERVICE["Документи (українською)"].split("\n")

    # Administrator 2 provides it from now on.
    manage.tab("Працівники")
    page.get_by_role("button", name="Навички: Адміністратор 2").click()
    skills = manage.dialog("skills")
    skills.get_by_label("Знайти послугу").fill("твариною")
    skills.locator(".skill").filter(has_text=NAME).get_by_role("checkbox").check()
    skills.get_by_label(f"Рівень: {NAME}").select_option("primary")
    manage.save(skills, "Зберегти навички")
    expect(manage.notice).to_contain_text("Навички Адміністратор 2 збережено")
    admin2 = next(u for u in settings(admin_staff)["users"] if u["username"] == "admin2")
    assert {"service_id": created["id"], "tier": "primary"} in admin2["skills"]

    # The kiosk shows it in its sphere, with its card, in both languages.
    kiosk = Kiosk(open_page(), admin_server.url, admin_staff.device_token("kiosk")).open()
    kiosk.start()
    kiosk.open_sphere(SPHERE["uk"])
    kiosk.open_service(NAME)
    expect(kiosk.screen).to_contain_text(SERVICE["Опис (українською)"])
    expect(kiosk.screen).to_contain_text("Довідка про щеплення")
    expect(kiosk.screen).to_contain_text("1 робочий день")
    kiosk.switch_language("en")
    expect(kiosk.screen).to_contain_text(SERVICE["Опис (англійською)"])
    expect(kiosk.screen).to_contain_text("Vaccination record")

    # Administrator 2 serves its first visitor; the month's XLSX from the report page
    # holds the service's row and the same total as the report's JSON.
    ticket = admin_staff.post(f"/offices/{MAIN}/tickets", "reception", service_id=created["id"])
    admin_staff.post(f"/counters/{COUNTER_2}/session", "admin2")
    admin_staff.post(f"/counters/{COUNTER_2}/call/{ticket['id']}", "admin2")
    admin_staff.post(f"/tickets/{ticket['id']}/start", "admin2")
    admin_staff.post(f"/tickets/{ticket['id']}/finish", "admin2", outcome="documents_accepted")
    reports = open_page()
    sign_in(reports, admin_server.url, admin_staff, "manager")
    reports.goto(f"{admin_server.url}/admin/reports")
    link = reports.locator("#download-xlsx")
    expect(link).to_have_attribute("href", re.compile(r"reports\.xlsx\?.*period=month"))
    with reports.expect_download() as download:
        link.click()
    assert download.value.suggested_filename.endswith(".xlsx")
    book = load_workbook(io.BytesIO(download.value.path().read_bytes()))
    rows = list(book["Звіт"].iter_rows(min_row=2, values_only=True))
    header, by_name = rows[0], {row[0]: row for row in rows[1:]}
    visitors, served = header.index("Відвідувачі"), header.index("Обслуговано")
    assert by_name[NAME][visitors] == 1 and by_name[NAME][served] == 1
    assert by_name[NAME][header.index("Прийнято документи")] == 1
    month = admin_staff.client.get(
        "/reports", params={"period": "month"}, headers=admin_staff.as_("manager")
    ).json()
    assert by_name["Усього"][visitors] == month["total"]["visitors"]

    # The change log names who created it.
    log = manage.tab("Журнал змін")
    line = log.locator("tr[data-entity=service][data-action=created]").filter(has_text=NAME)
    expect(line).to_contain_text("Керівник")
    expect(line).to_contain_text("Додано послугу")


def test_a_registered_display_shows_its_link_once(
    admin_server: Server, admin_staff: Staff, open_page: PageFactory
) -> None:
    manage = Manage(open_page(), admin_server.url).open(admin_staff, tab="devices")
    page = manage.page
    form = page.locator("#device-form")
    form.get_by_label("Тип пристрою").select_option(label="Табло в залі")
    form.get_by_label("Назва", exact=True).fill("Зал А, табло 3")
    form.get_by_label("Зона (необов'язково)").fill("A")
    form.get_by_role("button", name="Зареєструвати").click()

    issued = page.locator("#device-issued")
    expect(issued).to_be_visible()
    expect(issued).to_contain_text("показано лише один раз")
    link = page.get_by_label("Посилання", exact=True)
    expect(link).to_have_value(re.compile(rf"^{admin_server.url}/display/\?token=[\w-]+$"))
    url = link.input_value()
    token = url.split("token=")[1]
    row = page.locator("#devices tbody tr").filter(has_text="Зал А, табло 3")
    expect(row).to_contain_text("табло")
    expect(row.locator("td").nth(1)).to_have_text("A")  # its zone

    display = open_page()
    display.goto(url)
    wait_until(display, "Boolean(window.qmsBoard && qmsBoard.connected)")

    page.get_by_role("button", name="Готово, посилання збережено").click()
    expect(issued).to_be_hidden()
    page.reload()
    expect(page.locator("#devices tbody tr").filter(has_text="Зал А, табло 3")).to_be_visible()
    expect(issued).to_be_hidden()
    assert token not in page.content()


def test_the_page_passes_axe_throws_nothing_and_switches_to_english(
    admin_server: Server, admin_staff: Staff, open_page: PageFactory
) -> None:
    page = open_page(bypass_csp=True)  # axe is injected as an inline script
    console: list[str] = []

    def log_error(message: ConsoleMessage) -> None:
        if message.type == "error":
            console.append(message.text)

    page.on("console", log_error)
    manage = Manage(page, admin_server.url).open(admin_staff)
    office = page.locator("#office-form")
    expect(office.get_by_label("Назва (українською)", exact=True)).to_have_value("Тестовий ЦНАП")
    expect(office.get_by_label("Понеділок")).to_have_value("00:00–24:00")
    assert serious_violations(page) == []
    manage.tab("Сфери та послуги")
    manage.sphere("Документи").get_by_role("button", name="Змінити: Послуга passport").click()
    expect(manage.dialog("service").get_by_label("Літера талона (префікс)")).to_have_value("П")
    assert serious_violations(page) == []
    manage.dialog("service").get_by_role("button", name="Скасувати").click()

    page.get_by_role("button", name="ENG").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Centre settings")
    expect(page.get_by_role("tab", name="Spheres and services")).to_be_visible()
    expect(page.locator("#catalog summary").filter(has_text="Documents")).to_be_visible()
    manage.tab("Staff")
    expect(page.locator("#users thead")).to_contain_text("Roles")
    expect(page.locator("tr[data-user=admin1]")).to_contain_text("administrator")
    manage.tab("Centre and hours")
    expect(office.get_by_label("Name (Ukrainian)", exact=True)).to_have_value("Тестовий ЦНАП")
    expect(office.get_by_label("Monday")).to_be_visible()
    page.get_by_role("button", name="УКР").click()
    expect(page.get_by_role("tab", name="Працівники")).to_be_visible()
    assert console == []
