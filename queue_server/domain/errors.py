"""The errors a queue can raise, as one small tree.

    QueueError                      base; never raised itself
    ├── NotAuthenticated            no or unknown credentials                      (401)
    ├── Forbidden                   known caller, not allowed to do this           (403)
    │   ├── NotYourCounter          an administrator acting at someone else's window
    │   └── ComplaintAboutAssignee  feedback routed to the administrator it is about
    ├── NotFound                    an office, service, ticket, counter ... is unknown (404)
    │   └── BookingNotFound         no booking has this code
    ├── Conflict                    the request is fine, the state does not allow it (409)
    │   ├── InvalidTransition       the ticket's state machine forbids the step
    │   ├── CounterBusy             the window is taken, or already has a visitor
    │   ├── ConcurrentChange        somebody changed the same thing a moment ago
    │   ├── OfficeClosed            no tickets outside opening hours (with the next opening)
    │   ├── ServiceUnavailable      inactive or referral-only service
    │   ├── DailyCapReached         the service's daily ticket limit is used up
    │   ├── OfficePaused            an air-raid pause: nobody is called
    │   ├── PauseStateConflict      pausing a paused office, resuming a working one
    │   ├── AlreadyRated            a ticket gets one rating
    │   ├── NotRatable              not finished, or finished too long ago
    │   ├── PrinterNotReady         the kiosk has no printer, or it cannot print now
    │   ├── PrintJobDone            the print job was already taken or finished
    │   ├── ConfigConflict          a configuration change clashes with what exists
    │   ├── SlotTaken               the booked time has no free place (any more)
    │   ├── BookingLimitReached     the phone number holds its month's bookings already
    │   └── BookingRefused          the booking cannot be used, cancelled or moved now
    ├── TooManyRequests             a device asks faster than a person could (429)
    │   ├── LoginLocked             too many wrong passwords for a username
    │   └── TooManyAttempts         too many bookings or unknown codes from one address
    ├── InvalidInput                the request itself is wrong                    (422)
    └── Unavailable                 the database cannot be reached right now       (503)

Each error carries a stable ``code`` and its message in Ukrainian and English, formatted
from the error's ``params``; the API picks the language of the request.
"""

from __future__ import annotations

from typing import ClassVar


class QueueError(Exception):
    """Base of every error the domain and the use cases raise."""

    code: ClassVar[str] = "error"
    message_uk: ClassVar[str] = "Помилка."
    message_en: ClassVar[str] = "Error."

    def __init__(self, **params: object) -> None:
        self.params = params
        super().__init__(self.message("en"))

    def message(self, lang: str = "uk") -> str:
        """The message in ``lang`` ("uk" or "en"), with the parameters filled in."""
        template = self.message_en if lang == "en" else self.message_uk
        try:
            return template.format(**self.params)
        except (KeyError, IndexError):
            return template


class NotAuthenticated(QueueError):
    code = "not_authenticated"
    message_uk = "Потрібно увійти в систему або надати токен пристрою."
    message_en = "Log in or present a device token."


class InvalidCredentials(NotAuthenticated):
    code = "invalid_credentials"
    message_uk = "Невірне ім'я користувача або пароль."
    message_en = "Wrong username or password."


class Forbidden(QueueError):
    code = "forbidden"
    message_uk = "Недостатньо прав: {action}."
    message_en = "Not allowed: {action}."


class NotYourCounter(Forbidden):
    code = "not_your_counter"
    message_uk = "Вікно {counter} відкрите не вами. Дії можливі лише у власному вікні."
    message_en = "Window {counter} is not opened by you. You can act only at your own window."


class ComplaintAboutAssignee(Forbidden):
    code = "complaint_about_assignee"
    message_uk = (
        "Відгук стосується цього адміністратора, тож його не можна доручити йому. "
        "Оберіть іншого працівника."
    )
    message_en = (
        "The feedback is about this administrator, so it cannot be assigned to them. "
        "Choose someone else."
    )


class NotFound(QueueError):
    code = "not_found"
    message_uk = "Не знайдено: {what} {key}."
    message_en = "Not found: {what} {key}."


class BookingNotFound(NotFound):
    code = "booking_not_found"
    message_uk = "Запису з кодом {key} немає. Перевірте код у підтвердженні запису."
    message_en = "There is no booking with the code {key}. Check the code on your confirmation."


class Conflict(QueueError):
    code = "conflict"


class InvalidTransition(Conflict):
    code = "invalid_transition"
    message_uk = "Талон {number} має стан «{status_uk}», дія «{action_uk}» неможлива."
    message_en = "Ticket {number} is {status}; cannot {action}."


class CounterBusy(Conflict):
    code = "counter_busy"
    message_uk = "Вікно {counter}: {reason_uk}"
    message_en = "Window {counter}: {reason_en}"


class ConcurrentChange(Conflict):
    code = "concurrent_change"
    message_uk = "{what} щойно змінено іншим користувачем. Оновіть дані та спробуйте ще раз."
    message_en = "{what} was just changed by someone else. Refresh and try again."


class OfficeClosed(Conflict):
    code = "office_closed"
    message_uk = "Центр зараз зачинено. Найближче відкриття: {next_opening}."
    message_en = "The centre is closed now. Next opening: {next_opening}."


class ServiceUnavailable(Conflict):
    code = "service_unavailable"
    message_uk = "Послуга «{service_uk}» зараз недоступна: {reason_uk}"
    message_en = "The service “{service_en}” is not available now: {reason_en}"


class DailyCapReached(Conflict):
    code = "daily_cap_reached"
    message_uk = (
        "На сьогодні талони на послугу «{service_uk}» закінчилися (ліміт {cap}). "
        "Спробуйте наступного робочого дня або скористайтеся попереднім записом."
    )
    message_en = (
        "No more tickets today for “{service_en}” (limit {cap}). "
        "Please come on the next working day or book an appointment."
    )


class IdempotencyMismatch(Conflict):
    code = "idempotency_key_reused"
    message_uk = "Ключ Idempotency-Key уже використано для іншого запиту. Згенеруйте новий ключ."
    message_en = "This Idempotency-Key was already used for a different request. Use a new key."


class OfficePaused(Conflict):
    code = "office_paused"
    message_uk = "Повітряна тривога: роботу центру призупинено, виклики неможливі до відбою."
    message_en = "Air-raid alert: the centre is paused; no calls until the all-clear."


class PauseStateConflict(Conflict):
    code = "pause_state"
    message_uk = "Роботу центру {state_uk}."
    message_en = "The centre {state_en}."


class AlreadyRated(Conflict):
    code = "already_rated"
    message_uk = "Талон {number} уже оцінено. Дякуємо за вашу оцінку!"
    message_en = "Ticket {number} has been rated already. Thank you for your rating!"


class NotRatable(Conflict):
    code = "not_ratable"
    message_uk = (
        "Талон {number} можна оцінити лише після завершення обслуговування "
        "і не пізніше ніж через {hours} год."
    )
    message_en = (
        "Ticket {number} can be rated only after the service is finished, "
        "and within {hours} h of it."
    )


class PrinterNotReady(Conflict):
    code = "printer_not_ready"
    message_uk = "Принтер «{device}» зараз не друкує ({status}). Скористайтеся QR-кодом на екрані."
    message_en = "The printer of “{device}” cannot print now ({status}). Use the QR code on screen."


class PrintJobDone(Conflict):
    code = "print_job_done"
    message_uk = "Завдання друку {job} уже має стан «{status}»."
    message_en = "Print job {job} is already {status}."


class ConfigConflict(Conflict):
    """A duplicate code, prefix, number or username; a sphere or window still in use."""

    code = "config_conflict"
    message_uk = "{detail_uk}"
    message_en = "{detail_en}"


class SlotTaken(Conflict):
    code = "slot_taken"
    message_uk = "На {when} вільних місць уже немає. Оберіть інший час."
    message_en = "There are no free places at {when} any more. Please choose another time."


class BookingLimitReached(Conflict):
    code = "booking_limit_reached"
    message_uk = (
        "На цей номер телефону вже є {limit} записів у цьому місяці. "
        "Скасуйте непотрібний запис або прийдіть у живу чергу."
    )
    message_en = (
        "This phone number already holds {limit} bookings this month. "
        "Cancel one you no longer need, or join the live queue."
    )


class BookingRefused(Conflict):
    code = "booking_refused"
    message_uk = "Запис {code}: {reason_uk}"
    message_en = "Booking {code}: {reason_en}"


class TooManyRequests(QueueError):
    code = "too_many_requests"
    message_uk = (
        "Забагато талонів з цього терміналу за хвилину. Зачекайте {retry_after} с "
        "або зверніться до рецепції."
    )
    message_en = (
        "Too many tickets from this kiosk in a minute. Wait {retry_after} s or ask at reception."
    )


class LoginLocked(TooManyRequests):
    code = "login_locked"
    message_uk = (
        "Забагато невдалих спроб входу. Спробуйте знову через {retry_after} с "
        "або зверніться до керівника."
    )
    message_en = "Too many failed logins. Try again in {retry_after} s or ask your manager."


class TooManyAttempts(TooManyRequests):
    code = "too_many_attempts"
    message_uk = (
        "Забагато спроб з цього пристрою. Спробуйте знову через {retry_after} с "
        "або зверніться до ЦНАП."
    )
    message_en = (
        "Too many attempts from this device. Try again in {retry_after} s or call the centre."
    )


class InvalidInput(QueueError):
    code = "invalid_input"
    message_uk = "Невірні дані: {detail_uk}"
    message_en = "Invalid input: {detail_en}"


class Unavailable(QueueError):
    """The database is restarting or unreachable: nothing was done, try again shortly."""

    code = "unavailable"
    message_uk = (
        "Система тимчасово недоступна, нічого не збережено. Спробуйте ще раз за {retry_after} с."
    )
    message_en = (
        "The system is temporarily unavailable; nothing was saved. Try again in {retry_after} s."
    )
