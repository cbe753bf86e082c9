"""Every word the visitor's pages say, Ukrainian first and English as its duplicate.

The server renders a page in one language from here, and the same dictionaries travel
to the browser in the page's data island, so switching УКР/ENG needs no second request.
``{name}`` marks a value the script fills in.
"""

from __future__ import annotations

from typing import Literal

Lang = Literal["uk", "en"]

UK: dict[str, str] = {
    "langLabel": "Мова сторінки",
    # the rating form, shared by the phone and the pad
    "scoreLegend": "Як вас обслужили?",
    "score1": "дуже погано",
    "score2": "погано",
    "score3": "задовільно",
    "score4": "добре",
    "score5": "відмінно",
    "recommendLegend": "Наскільки ймовірно, що ви порекомендуєте наш центр?",
    "optional": "(необов'язково)",
    "recommendLow": "0 — зовсім неймовірно",
    "recommendHigh": "10 — дуже ймовірно",
    "commentLabel": "Коментар",
    "complaint": "Хочу подати скаргу",
    "complaintHint": "Опишіть у коментарі, що сталося: скаргу розгляне керівник центру.",
    "needScore": "Оберіть, будь ласка, оцінку: торкніться одного з облич.",
    "needComment": "Для скарги потрібен коментар: опишіть, будь ласка, що сталося.",
    "send": "Надіслати оцінку",
    "sending": "Надсилаємо…",
    "networkError": "Немає з'єднання з сервером. Спробуйте ще раз за хвилину.",
    "alreadyRated": "Дякуємо, ви вже оцінили",
    "thanks": "Дякуємо за оцінку!",
    "yourScore": "Ваша оцінка:",
    # the phone page
    "phoneTitle": "Ваш талон",
    "ticket": "Талон",
    "ahead": "Перед вами:",
    "estimate": "Орієнтовне очікування:",
    "waitHint": "Тримайте цю сторінку відкритою або стежте за табло в залі: "
    "ми покажемо, до якого вікна підійти.",
    "calledTo": "Вас запрошують до вікна",
    "calledNoWindow": "Вас запрошують! Номер вікна дивіться на табло.",
    "servingAt": "Вас обслуговують у вікні",
    "done": "Обслуговування завершено. Дякуємо за візит!",
    "rateTitle": "Оцініть, будь ласка, обслуговування",
    "parked": "Ваш талон тимчасово відкладено. Зачекайте, будь ласка: вас покличуть знову.",
    "no_show": "Ви не підійшли на виклик, тому талон закрито. "
    "Якщо ви ще в центрі, зверніться до рецепції.",
    "cancelled": "Талон скасовано. Якщо це помилка, зверніться до рецепції.",
    "expired": "Талон більше не дійсний: центр завершив роботу того дня. "
    "Отримайте, будь ласка, новий талон.",
    "paused": "Повітряна тривога — обслуговування призупинено, пройдіть до укриття. "
    "Ваш талон зберігає місце в черзі.",
    "offline": "Немає з'єднання. Оновлюємо кожні 15 секунд.",
    "soundHint": "Торкніться, щоб увімкнути звуковий сигнал виклику",
    "issuedAt": "Видано о",
    "notFoundTitle": "Талон не знайдено",
    "notFoundText": "Відскануйте, будь ласка, QR-код на талоні ще раз. "
    "Якщо талон у вас у руках, а сторінка не відкривається, зверніться до рецепції центру.",
    # the rating pad
    "padTitle": "Оцінка обслуговування",
    "padIdle": "Оцініть, будь ласка, обслуговування",
    "padIdleHint": "Після обслуговування тут з'явиться ваш талон.",
    "howServed": "як вас обслужили?",
    "padThanks": "Дякуємо за вашу оцінку!",
    "padThanksHint": "Гарного дня!",
    "padDisconnected": "Планшет відключено. Зверніться до керівника ЦНАП.",
    "padOffline": "Немає з'єднання з сервером",
    "padForbiddenTitle": "Цей планшет не підключено",
    "padForbiddenText": "Адреса планшета неповна, застаріла або пристрій відключено. "
    "Зверніться до керівника ЦНАП, щоб отримати правильну адресу.",
    "padNoCounterTitle": "Вікно не знайдено",
    "padNoCounterText": "У цьому ЦНАП немає такого вікна. "
    "Зверніться до керівника ЦНАП, щоб отримати правильну адресу планшета.",
}

EN: dict[str, str] = {
    "langLabel": "Page language",
    "scoreLegend": "How were you served?",
    "score1": "very bad",
    "score2": "bad",
    "score3": "okay",
    "score4": "good",
    "score5": "excellent",
    "recommendLegend": "How likely are you to recommend our centre?",
    "optional": "(optional)",
    "recommendLow": "0 — not at all likely",
    "recommendHigh": "10 — extremely likely",
    "commentLabel": "Comment",
    "complaint": "I want to file a complaint",
    "complaintHint": "Describe what happened in the comment: the head of the centre "
    "will review the complaint.",
    "needScore": "Please choose a score: tap one of the faces.",
    "needComment": "A complaint needs a comment: please describe what happened.",
    "send": "Send rating",
    "sending": "Sending…",
    "networkError": "No connection to the server. Please try again in a minute.",
    "alreadyRated": "Thank you, you have rated already",
    "thanks": "Thank you for your rating!",
    "yourScore": "Your rating:",
    "phoneTitle": "Your ticket",
    "ticket": "Ticket",
    "ahead": "People ahead of you:",
    "estimate": "Estimated wait:",
    "waitHint": "Keep this page open or watch the hall screens: we will show you "
    "which window to go to.",
    "calledTo": "Please go to window",
    "calledNoWindow": "You are being called! See the window number on the hall screen.",
    "servingAt": "You are being served at window",
    "done": "Your visit is complete. Thank you!",
    "rateTitle": "Please rate the service",
    "parked": "Your ticket is on hold for a moment. Please wait: you will be called again.",
    "no_show": "You did not come when called, so the ticket was closed. "
    "If you are still at the centre, please ask at reception.",
    "cancelled": "The ticket was cancelled. If this is a mistake, please ask at reception.",
    "expired": "The ticket is no longer valid: the centre closed for that day. "
    "Please take a new ticket.",
    "paused": "Air raid alert — service is paused, please go to the shelter. "
    "Your ticket keeps its place in the queue.",
    "offline": "No connection. Updating every 15 seconds.",
    "soundHint": "Tap to turn on the call sound",
    "issuedAt": "Issued at",
    "notFoundTitle": "Ticket not found",
    "notFoundText": "Please scan the QR code on your ticket again. If you have the ticket "
    "and the page still does not open, please ask at the centre's reception.",
    "padTitle": "Rate the service",
    "padIdle": "Please rate our service",
    "padIdleHint": "Your ticket will appear here after the service.",
    "howServed": "how were you served?",
    "padThanks": "Thank you for your feedback!",
    "padThanksHint": "Have a nice day!",
    "padDisconnected": "This pad is disconnected. Please tell the head of the centre.",
    "padOffline": "No connection to the server",
    "padForbiddenTitle": "This rating pad is not connected",
    "padForbiddenText": "The pad's address is incomplete or out of date, or the device was "
    "disconnected. Ask the head of the centre for the right address.",
    "padNoCounterTitle": "Window not found",
    "padNoCounterText": "This centre has no such window. Ask the head of the centre for "
    "the right address of this pad.",
}

TEXTS: dict[Lang, dict[str, str]] = {"uk": UK, "en": EN}


def lang_of(value: str) -> Lang:
    """ "en" when asked for English, else Ukrainian."""
    return "en" if value.strip().lower() == "en" else "uk"
