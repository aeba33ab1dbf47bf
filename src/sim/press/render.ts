// HTML of the simulated ministry site: the /press/ listing and one statement page (~60 KB,
// like real government CMS pages, most of it menus and footer). Pure.
import { current, type PressItem, type PressLang } from './model.js';

export const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const RU_MONTHS = ['января', 'февраля', 'марта', 'апреля', 'мая', 'июня', 'июля', 'августа', 'сентября', 'октября', 'ноября', 'декабря'];
const EN_MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** "12 ноября 2025, 14:30" / "November 12, 2025" — as ministries print them. */
export function humanDate(iso: string, lang: PressLang): string {
  const d = new Date(iso);
  const hm = `${String(d.getUTCHours()).padStart(2, '0')}:${String(d.getUTCMinutes()).padStart(2, '0')}`;
  return lang === 'ru' ? `${d.getUTCDate()} ${RU_MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}, ${hm}` : `${EN_MONTHS[d.getUTCMonth()]} ${d.getUTCDate()}, ${d.getUTCFullYear()}`;
}

const MENU = ['Министерство', 'Руководство', 'Структура', 'Документы', 'Пресс-служба', 'Деятельность', 'Обращения граждан', 'Противодействие коррупции', 'Открытые данные', 'Контакты'];

function chrome(title: string, body: string, footerLinks: number): string {
  const menu = MENU.map((m, i) => `<li class="menu__item"><a class="menu__link" href="/section/${i + 1}/">${m}</a></li>`).join('\n');
  const sitemap: string[] = [];
  for (let i = 0; i < footerLinks; i++) {
    sitemap.push(`<li><a href="/section/${(i % 10) + 1}/page-${i}/">${MENU[i % MENU.length]}: раздел ${i + 1} — нормативные правовые акты и разъяснения</a></li>`);
  }
  return `<!DOCTYPE html>
<html lang="ru">
<head>
<meta charset="utf-8">
<title>${esc(title)} — Министерство внутренних дел</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="alternate" type="application/rss+xml" title="Пресс-релизы" href="/press/rss.xml">
<link rel="alternate" type="application/feed+json" title="Press releases (JSON Feed)" href="/press/feed.json">
<link rel="stylesheet" href="/static/main.css">
</head>
<body class="page">
<header class="header">
<a class="header__logo" href="/"><img src="/static/emblem.png" alt="Герб"></a>
<div class="header__title">Министерство внутренних дел<br><small>Официальный сайт</small></div>
<nav class="menu"><ul class="menu__list">
${menu}
</ul></nav>
<div class="lang"><a href="/?lang=ru">RU</a> | <a href="/?lang=en">EN</a></div>
</header>
<main class="layout">
${body}
</main>
<footer class="footer">
<nav class="sitemap"><ul>
${sitemap.join('\n')}
</ul></nav>
<p class="footer__rss"><a href="/press/rss.xml">RSS</a> · <a href="/press/feed.json">JSON Feed</a></p>
<p class="footer__copy">© Министерство внутренних дел. При использовании материалов ссылка на сайт обязательна.</p>
</footer>
</body>
</html>
`;
}

export function renderListing(items: PressItem[]): string {
  const rows = items
    .map((i) => {
      const v = current(i);
      const lead = v.text.split('\n')[0].slice(0, 200);
      return `<li class="news-item">
  <time class="news-item__date" datetime="${i.publishedAt}">${humanDate(i.publishedAt, i.lang)}</time>
  <a class="news-item__title" href="/press/${i.slug}">${esc(v.title)}</a>
  <p class="news-item__lead">${esc(lead)}</p>
</li>`;
    })
    .join('\n');
  const body = `<div class="breadcrumbs"><a href="/">Главная</a> / <span>Пресс-служба</span></div>
<h1 class="page-title">Пресс-релизы</h1>
<ul class="news-list">
${rows}
</ul>
<div class="pager"><span class="pager__current">1</span> <a class="pager__link" href="/press/?page=2">2</a></div>`;
  return chrome('Пресс-релизы', body, 60);
}

export function renderItem(i: PressItem): string {
  const v = current(i);
  const paras = v.text
    .split('\n')
    .filter((p) => p.trim() !== '')
    .map((p) => `<p>${esc(p)}</p>`)
    .join('\n');
  const body = `<div class="breadcrumbs"><a href="/">Главная</a> / <a href="/press/">Пресс-релизы</a></div>
<article class="news-article" lang="${i.lang}">
<h1 class="news-article__title">${esc(v.title)}</h1>
<time class="news-article__date" datetime="${i.publishedAt}">${humanDate(i.publishedAt, i.lang)}</time>
<figure class="news-article__image"><img src="/press/img/${i.slug}.png" alt="${esc(v.title)}" width="640" height="360"></figure>
<div class="news-article__body" itemprop="articleBody">
${paras}
</div>
</article>
<aside class="related"><h2>Другие новости</h2><ul>${Array.from({ length: 12 }, (_, k) => `<li><a href="/press/?page=${k + 2}">Архив пресс-релизов, страница ${k + 2}</a></li>`).join('')}</ul></aside>`;
  // The sitemap footer brings the page to the ~60 KB a real ministry page weighs.
  return chrome(v.title, body, 300);
}

export function renderNotFound(status: 404 | 410): string {
  const msg = status === 410 ? 'Материал удалён' : 'Страница не найдена';
  return chrome(msg, `<h1 class="page-title">${status}. ${msg}</h1><p>Запрашиваемая страница не существует или была удалена.</p>`, 10);
}

// A 1×1 PNG: the statement's "photo" (content does not matter, only that it is an image).
export const PIXEL_PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');
