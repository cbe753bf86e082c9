// Every word the kiosk says, in Ukrainian first and in English. {name} marks a value.

const UK = {
  take: "Отримати талон",
  browse: "Переглянути послуги",
  welcome: "Вітаємо! Натисніть кнопку, щоб стати в чергу.",
  closedOpens: "Центр зачинено. Відкриємося: {when}",
  closedUnknown: "Центр зачинено. Години роботи уточнюйте на рецепції або на сайті центру.",
  paper: "Талон буде надруковано",
  onScreen: "Талон буде на екрані: сфотографуйте QR-код",
  today: "сьогодні о {time}",
  tomorrow: "завтра о {time}",
  onDate: "{date} о {time}",
  checkInOpen: "У мене попередній запис",

  checkInTitle: "Реєстрація за попереднім записом",
  checkInLabel: "Код запису",
  checkInHint: "Код із 8 цифр — у підтвердженні запису, SMS або QR-коді.",
  keypad: "Цифрова клавіатура",
  checkInSubmit: "Зареєструватися",
  checkingIn: "Перевіряємо запис…",
  checkInNotFound: "Запис не знайдено",
  checkInRefused: "Зареєструватися за цим записом зараз не можна",
  checkInFailed: "Зареєструватися не вдалося",
  checkInDigits: "Код запису — це 8 цифр, як у підтвердженні.",
  checkInOffline: "Немає зв'язку із сервером. Спробуйте ще раз або зверніться до рецепції.",
  checkInRetry: "Перевірте код і спробуйте ще раз або зверніться до рецепції.",

  servicesTitle: "Оберіть послугу",
  popular: "Найчастіше звертаються",
  spheres: "Сфери послуг",
  searchOpen: "Пошук послуги за словом",
  about: "Про послугу",
  services: { one: "{n} послуга", few: "{n} послуги", many: "{n} послуг", other: "{n} послуги" },
  paused: "тимчасово не надається",
  elsewhere: "надає інша установа",

  searchTitle: "Пошук послуги",
  searchLabel: "Слово з назви або опису послуги",
  searchHint: "Введіть слово, наприклад «паспорт».",
  found: "Знайдено: {n}",
  nothing: "Нічого не знайдено. Спробуйте інше слово або зверніться до рецепції.",
  keyboard: "Екранна клавіатура",
  keySpace: "Пробіл",
  keyDelete: "Стерти",
  keyClear: "Очистити",
  lettersEn: "англійські літери",
  lettersUk: "українські літери",
  keyApostrophe: "Апостроф",

  sphereLead: "Оберіть послугу зі списку.",
  documents: "Що взяти з собою",
  fee: "Вартість",
  term: "Строк",
  basis: "Правова підстава",
  priorityAsk: "Маю право на позачергове обслуговування",
  inactive: "Послугу тимчасово не надають, зверніться до рецепції",

  referralTitle: "Цю послугу надає інша установа",
  address: "Адреса",
  phone: "Телефон",
  hours: "Години роботи",
  printSlip: "Надрукувати довідку",
  slipPrinting: "Друкуємо довідку…",
  slipPrinted: "Заберіть довідку",
  slipPhoto: "Принтер зараз не друкує. Сфотографуйте екран: тут уся інформація.",

  priorityTitle: "Позачергове обслуговування",
  priorityLead: "Оберіть вашу категорію.",
  priorityCheck: "Документ, що підтверджує право, перевірять у вікні.",

  issuing: "Видаємо талон…",
  retrying: "Немає зв'язку, пробуємо ще раз…",

  resultTitle: "Ваш талон",
  ticketNumber: "Номер талона",
  ahead: "Перед вами: {n}",
  wait: "Орієнтовне очікування: {text}",
  printing: "Ваш талон друкується…",
  printed: "Заберіть талон",
  photo: "Сфотографуйте QR-код — це ваш талон",
  printFailed: "Надрукувати талон не вдалося.",
  keep: "Талон залишиться на екрані, доки ви не натиснете «Готово».",
  qrCaption: "Скануйте телефоном, щоб стежити за чергою",
  qrAlt: "QR-код талона {number}",
  priorityTicket: "Позачергово: {name}.",
  watch: "Стежте за своїм номером на табло в залі.",
  done: "Готово",
  announce: "Ваш талон {number}. {service}. Перед вами: {n}.",
  bookedTime: "Вас викличуть о {time}",
  late:
    "Ваш запис був на {time}. Ви прийшли пізніше, ніж через {n} хв після часу запису, " +
    "тому талон видано в живу чергу. Вас обслужать у порядку черги.",
  lateUnknown:
    "Ваш запис був на {time}. Ви прийшли пізніше, ніж дозволяє запис, " +
    "тому талон видано в живу чергу. Вас обслужать у порядку черги.",
  replayed: "За цим записом талон уже видано — ось він ще раз.",
  announceBooked: "Ваш талон {number}. {service}. Вас викличуть о {time}.",

  errorTitle: "Не вдалося видати талон",
  closedTitle: "Центр зачинено",
  capTitle: "Талони закінчилися",
  unavailableTitle: "Послуга недоступна",
  waitTitle: "Зачекайте хвилину…",
  offlineTitle: "Немає зв'язку, зверніться до рецепції",
  offlineText: "Термінал не може з'єднатися із сервером. На рецепції вам видадуть талон.",
  genericText: "Щось пішло не так. Зверніться, будь ласка, до рецепції.",
  home: "На початок",

  back: "Назад",
  help: "Потрібна допомога",
  helpSending: "Кличемо працівника…",
  helpSent: "Працівника рецепції повідомлено, до вас підійдуть",
  helpFailed: "Підійдіть, будь ласка, до рецепції: там вам допоможуть",
  contrast: "Великий шрифт",
  lowReach: "Кнопки нижче",
  language: "Мова",
  accessibility: "Зручність",
  offline: "Немає зв'язку з сервером",
  paused:
    "Повітряна тривога: обслуговування призупинено. Пройдіть, будь ласка, до укриття — " +
    "талон збереже ваше місце в черзі.",

  idleTitle: "Ви ще тут?",
  idleText: "Через {n} с екран повернеться на початок.",
  idleStay: "Так, я тут",
};

const EN = {
  take: "Get a ticket",
  browse: "Browse services",
  welcome: "Welcome! Tap the button to join the queue.",
  closedOpens: "The centre is closed. We open: {when}",
  closedUnknown: "The centre is closed. Please check the opening hours at reception or online.",
  paper: "Your ticket will be printed",
  onScreen: "Your ticket will be on the screen: take a photo of the QR code",
  today: "today at {time}",
  tomorrow: "tomorrow at {time}",
  onDate: "{date} at {time}",
  checkInOpen: "I have an appointment",

  checkInTitle: "Check in for your appointment",
  checkInLabel: "Booking code",
  checkInHint: "The 8-digit code is in your booking confirmation, text message or QR code.",
  keypad: "Number keypad",
  checkInSubmit: "Check in",
  checkingIn: "Checking your booking…",
  checkInNotFound: "Booking not found",
  checkInRefused: "This booking cannot be checked in now",
  checkInFailed: "We could not check you in",
  checkInDigits: "A booking code is 8 digits, as on the confirmation.",
  checkInOffline: "No connection to the server. Try again or ask at reception.",
  checkInRetry: "Check the code and try again, or ask at reception.",

  servicesTitle: "Choose a service",
  popular: "Most requested",
  spheres: "Service areas",
  searchOpen: "Search for a service by word",
  about: "About the service",
  services: { one: "{n} service", other: "{n} services" },
  paused: "temporarily unavailable",
  elsewhere: "provided by another office",

  searchTitle: "Search for a service",
  searchLabel: "A word from the service's name or description",
  searchHint: "Type a word, for example “passport”.",
  found: "Found: {n}",
  nothing: "Nothing found. Try another word or ask at reception.",
  keyboard: "On-screen keyboard",
  keySpace: "Space",
  keyDelete: "Delete",
  keyClear: "Clear",
  lettersEn: "English letters",
  lettersUk: "Ukrainian letters",
  keyApostrophe: "Apostrophe",

  sphereLead: "Choose a service from the list.",
  documents: "What to bring",
  fee: "Fee",
  term: "Processing time",
  basis: "Legal basis",
  priorityAsk: "I am entitled to priority service",
  inactive: "This service is temporarily unavailable, please ask at reception",

  referralTitle: "This service is provided by another office",
  address: "Address",
  phone: "Phone",
  hours: "Opening hours",
  printSlip: "Print the directions",
  slipPrinting: "Printing the directions…",
  slipPrinted: "Please take the directions",
  slipPhoto: "The printer cannot print now. Take a photo of the screen: everything is here.",

  priorityTitle: "Priority service",
  priorityLead: "Choose your category.",
  priorityCheck: "The document proving your entitlement will be checked at the window.",

  issuing: "Issuing your ticket…",
  retrying: "No connection, trying again…",

  resultTitle: "Your ticket",
  ticketNumber: "Ticket number",
  ahead: "People ahead of you: {n}",
  wait: "Estimated wait: {text}",
  printing: "Your ticket is being printed…",
  printed: "Please take your ticket",
  photo: "Take a photo of the QR code: it is your ticket",
  printFailed: "The ticket could not be printed.",
  keep: "The ticket stays on the screen until you tap “Done”.",
  qrCaption: "Scan with your phone to follow the queue",
  qrAlt: "QR code of ticket {number}",
  priorityTicket: "Priority: {name}.",
  watch: "Watch for your number on the screens in the hall.",
  done: "Done",
  announce: "Your ticket is {number}. {service}. People ahead of you: {n}.",
  bookedTime: "You will be called at {time}",
  late:
    "Your appointment was at {time}. You arrived more than {n} min after it, " +
    "so your ticket is in the live queue. You will be served in turn.",
  lateUnknown:
    "Your appointment was at {time}. You arrived later than the booking allows, " +
    "so your ticket is in the live queue. You will be served in turn.",
  replayed: "A ticket was already issued for this booking: here it is again.",
  announceBooked: "Your ticket is {number}. {service}. You will be called at {time}.",

  errorTitle: "We could not issue a ticket",
  closedTitle: "The centre is closed",
  capTitle: "No tickets left today",
  unavailableTitle: "Service unavailable",
  waitTitle: "Please wait a minute…",
  offlineTitle: "No connection, please ask at reception",
  offlineText: "The kiosk cannot reach the server. Reception will give you a ticket.",
  genericText: "Something went wrong. Please ask at reception.",
  home: "Back to start",

  back: "Back",
  help: "I need help",
  helpSending: "Calling a member of staff…",
  helpSent: "Reception has been notified, someone will come to you",
  helpFailed: "Please go to the reception desk: they will help you",
  contrast: "Large text",
  lowReach: "Lower buttons",
  language: "Language",
  accessibility: "Accessibility",
  offline: "No connection to the server",
  paused:
    "Air raid alert: service is paused. Please go to the shelter — " +
    "your ticket keeps its place in the queue.",

  idleTitle: "Are you still here?",
  idleText: "The screen returns to the start in {n} s.",
  idleStay: "Yes, I am here",
};

const TEXTS = { uk: UK, en: EN };
const plurals = { uk: new Intl.PluralRules("uk"), en: new Intl.PluralRules("en") };

function fill(text, params) {
  return text.replace(/\{(\w+)\}/g, (whole, name) => (name in params ? String(params[name]) : whole));
}

/** The text ``key`` in ``lang`` with its {values} filled in. */
export function say(lang, key, params = {}) {
  const texts = TEXTS[lang] ?? UK;
  const text = texts[key] ?? UK[key] ?? key;
  if (typeof text === "object") {
    const form = plurals[lang]?.select(params.n ?? 0) ?? "other";
    return fill(text[form] ?? text.other, params);
  }
  return fill(text, params);
}
