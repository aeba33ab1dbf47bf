// UI languages: English and Russian. Pure: the language is picked from `?lang=`, then the
// `vigil_lang` cookie, then Accept-Language; every page label goes through `t`. Archived text is
// never translated (it is evidence, shown in its original language).
export const LANGS = ['en', 'ru'] as const;
export type Lang = (typeof LANGS)[number];

const en = {
  targets: 'Targets', events: 'Events', search: 'Search', dossier: 'Dossier', ops: 'Ops', signOut: 'Sign out',
  id: 'id', spec: 'spec', platform: 'platform', status: 'status', posts: 'posts', lastSeen: 'last seen', tags: 'tags', every: 'every',
  actions: 'actions', pause: 'Pause', resume: 'Resume', paused: 'paused', save: 'Save', add: 'Add', addTarget: 'Add a target',
  importCsv: 'Import from CSV', importHint: 'One target a line: spec,every,tags (tags separated by spaces or |); a header line is skipped.',
  import: 'Import', noTargets: 'No targets yet. Add one above or with', since: 'since', lastOk: 'last ok', eventsN: 'event(s)',
  timeline: 'Posts', olderPosts: 'Older posts', newestPosts: 'Newest posts', noPosts: 'No posts recorded yet.',
  stateHistory: 'Account state history', noStateEvents: 'No account state changes recorded.', viewsChart: 'Views by publication time',
  noViews: 'No view counts recorded.', published: 'published', firstSeen: 'first seen', lastSeenAt: 'last seen', deletedAt: 'deleted',
  views: 'views', version: 'version', seen: 'seen', before: 'Before', after: 'After', editDiff: 'Edit: the two versions, changed words marked',
  detected: 'detected', type: 'type', target: 'target', confidence: 'confidence', window: 'window', evidence: 'evidence', changed: 'changed',
  anyType: 'any type', anyStatus: 'any status', anyPlatform: 'any platform', filter: 'Filter', until: 'until', tag: 'tag',
  open: 'open', event: 'Event', rule: 'rule', post: 'Post', capture: 'Capture', screenshot: 'Screenshot', text: 'Extracted text',
  metadata: 'Metadata', hashes: 'Artifacts and hashes', media: 'Media', replay: 'Replay of the archived page (WACZ)',
  replayOff: 'Replay is not available in this process (no replay listener).', citation: 'Citation', copy: 'Copy', name: 'name', size: 'size',
  addToDossier: 'Add to dossier', dossierTitle: 'Case dossier', dossierChoose: 'Chosen evidence', dossierEmpty: 'Nothing chosen yet: tick events, search results or captures, or add their ids here.',
  dossierPdf: 'Download PDF', dossierPackage: 'Evidence package', dossierPackageHint: '(one verifiable ZIP of every item here)', printable: 'Printable dossier', ledgerSeq: 'ledger position',
  notLedgered: 'not yet in a checkpointed ledger', makeDossier: 'Make dossier', captures: 'Captures', searchResults: 'Search results',
  exportResults: 'Export these results', exportHint: '(a verifiable case package)', noMatch: 'No posts match.', nextPage: 'Next page',
  postsOnPage: 'post(s) on this page, newest first', anyPost: 'any post', deletedOnly: 'deleted only', notDeleted: 'not deleted',
  signIn: 'Sign in', wrongToken: 'Wrong token.', tokenHint: "The token is the server's VIGIL_API_TOKEN; it is kept in an HttpOnly cookie.",
  error: 'Error', opsQueues: 'Queues (bull-board)', opsMetrics: 'Prometheus metrics (/metrics)', opsApi: 'API health (/api/health)',
  addedN: 'target(s) added', generated: 'generated', items: 'items', chooseHint: 'Tick rows, then', deleted: 'deleted', edited: 'edited', consistentWith: 'consistent with', hAfter: 'h after', minAfter: 'min after', wrongLogin: 'Wrong user name, password or token.', userName: 'user name', password: 'password', orApiToken: 'or the API token', signInToken: 'Sign in with token', loginHint: 'Users are made with `vigil users add`; the API token is the server\'s VIGIL_API_TOKEN. Either is kept in an HttpOnly cookie.',
  campaigns: 'Campaigns', campaign: 'Campaign', members: 'member targets', attackers: 'attacker accounts', sharedTexts: 'shared texts',
  campaignNote: 'Targets whose attacks share accounts or texts. A takedown or shadow-ban after an attack is consistent with it: evidence to weigh, not proof (the reports behind a takedown are invisible from outside a platform).',
  campaignChart: 'Attack bursts against takedowns and shadow-bans, one row per member', attackBursts: 'attack bursts', takedowns: 'takedowns', shadowbans: 'shadow-bans',
  lanes: 'rows, top to bottom', noCampaignEvents: 'No attacks or takedowns recorded for the members yet.', noCampaigns: 'No campaigns detected.', newestFirst: 'First page',
} as const;

export type MsgKey = keyof typeof en;

const ru: Record<MsgKey, string> = {
  targets: 'Объекты', events: 'События', search: 'Поиск', dossier: 'Досье', ops: 'Служебное', signOut: 'Выйти',
  id: 'id', spec: 'адрес', platform: 'платформа', status: 'статус', posts: 'посты', lastSeen: 'последняя проверка', tags: 'метки', every: 'интервал',
  actions: 'действия', pause: 'Пауза', resume: 'Возобновить', paused: 'на паузе', save: 'Сохранить', add: 'Добавить', addTarget: 'Добавить объект',
  importCsv: 'Импорт из CSV', importHint: 'Один объект в строке: spec,every,tags (метки через пробел или |); строка заголовка пропускается.',
  import: 'Импортировать', noTargets: 'Объектов пока нет. Добавьте выше или командой', since: 'с', lastOk: 'последний успех', eventsN: 'событ.',
  timeline: 'Посты', olderPosts: 'Более старые', newestPosts: 'Самые новые', noPosts: 'Посты ещё не записаны.',
  stateHistory: 'История состояний аккаунта', noStateEvents: 'Изменений состояния не зафиксировано.', viewsChart: 'Просмотры по времени публикации',
  noViews: 'Просмотры не записаны.', published: 'опубликован', firstSeen: 'впервые замечен', lastSeenAt: 'последний раз', deletedAt: 'удалён',
  views: 'просмотров', version: 'версия', seen: 'замечена', before: 'До', after: 'После', editDiff: 'Правка: две версии, изменённые слова выделены',
  detected: 'обнаружено', type: 'тип', target: 'объект', confidence: 'уверенность', window: 'окно', evidence: 'доказательства', changed: 'изменение',
  anyType: 'любой тип', anyStatus: 'любой статус', anyPlatform: 'любая платформа', filter: 'Фильтр', until: 'по', tag: 'метка',
  open: 'открыть', event: 'Событие', rule: 'правило', post: 'Пост', capture: 'Снимок', screenshot: 'Скриншот', text: 'Извлечённый текст',
  metadata: 'Метаданные', hashes: 'Файлы и хеши', media: 'Медиа', replay: 'Воспроизведение архивной страницы (WACZ)',
  replayOff: 'Воспроизведение недоступно в этом процессе.', citation: 'Ссылка для цитирования', copy: 'Копировать', name: 'имя', size: 'размер',
  addToDossier: 'Добавить в досье', dossierTitle: 'Досье по делу', dossierChoose: 'Выбранные доказательства', dossierEmpty: 'Ничего не выбрано: отметьте события, результаты поиска или снимки, или добавьте их id здесь.',
  dossierPdf: 'Скачать PDF', dossierPackage: 'Пакет доказательств', dossierPackageHint: '(один проверяемый ZIP со всеми элементами)', printable: 'Досье для печати', ledgerSeq: 'позиция в журнале',
  notLedgered: 'ещё нет в подписанном журнале', makeDossier: 'Собрать досье', captures: 'Снимки', searchResults: 'Результаты поиска',
  exportResults: 'Экспортировать результаты', exportHint: '(проверяемый пакет доказательств)', noMatch: 'Ничего не найдено.', nextPage: 'Следующая страница',
  postsOnPage: 'пост(ов) на странице, новые сверху', anyPost: 'все посты', deletedOnly: 'только удалённые', notDeleted: 'не удалённые',
  signIn: 'Войти', wrongToken: 'Неверный токен.', tokenHint: 'Токен — это VIGIL_API_TOKEN сервера; он хранится в HttpOnly-cookie.',
  error: 'Ошибка', opsQueues: 'Очереди (bull-board)', opsMetrics: 'Метрики Prometheus (/metrics)', opsApi: 'Состояние API (/api/health)',
  addedN: 'объект(ов) добавлено', generated: 'создано', items: 'элементов', chooseHint: 'Отметьте строки, затем', deleted: 'удалён', edited: 'изменён', consistentWith: 'согласуется с', hAfter: 'ч спустя', minAfter: 'мин спустя', wrongLogin: 'Неверное имя, пароль или токен.', userName: 'имя пользователя', password: 'пароль', orApiToken: 'или API-токен', signInToken: 'Войти по токену', loginHint: 'Пользователей создаёт `vigil users add`; API-токен — VIGIL_API_TOKEN сервера. Оба хранятся в HttpOnly-cookie.',
  campaigns: 'Кампании', campaign: 'Кампания', members: 'объекты кампании', attackers: 'атакующие аккаунты', sharedTexts: 'общие тексты',
  campaignNote: 'Объекты, атаки на которые ведут одни и те же аккаунты или тексты. Блокировка или теневой бан после атаки согласуется с ней: это довод, а не доказательство (жалобы, из-за которых блокируют, снаружи платформы не видны).',
  campaignChart: 'Всплески атак и блокировки/теневые баны, по строке на объект', attackBursts: 'всплески атак', takedowns: 'блокировки и удаления', shadowbans: 'теневые баны',
  lanes: 'строки сверху вниз', noCampaignEvents: 'Атак и блокировок у объектов пока не зафиксировано.', noCampaigns: 'Кампаний не обнаружено.', newestFirst: 'Первая страница',
};

const MESSAGES: Record<Lang, Record<MsgKey, string>> = { en, ru };

export interface Ui {
  lang: Lang;
  t(k: MsgKey): string;
}

export const uiFor = (lang: Lang): Ui => ({ lang, t: (k) => MESSAGES[lang][k] });
export const EN: Ui = uiFor('en');

export const isLang = (v: unknown): v is Lang => typeof v === 'string' && (LANGS as readonly string[]).includes(v);

/** `?lang=` wins, then the cookie, then the first supported Accept-Language tag; English otherwise. */
export function pickLang(query: unknown, cookie: string | undefined, acceptLanguage: string | undefined): Lang {
  if (isLang(query)) return query;
  if (isLang(cookie)) return cookie;
  for (const part of (acceptLanguage ?? '').split(',')) {
    const tag = part.split(';')[0].trim().toLowerCase().split('-')[0];
    if (isLang(tag)) return tag;
  }
  return 'en';
}
