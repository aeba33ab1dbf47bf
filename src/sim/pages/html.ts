// HTML of the capture test pages. Deterministic (no dates, no randomness) so hashes repeat.

const head = (title: string, extra = ''): string =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title>` +
  `<meta name="viewport" content="width=device-width, initial-scale=1">${extra}` +
  `<style>body{font-family:sans-serif;max-width:900px;margin:0 auto;padding:16px}img{display:block;margin:8px 0}</style></head>`;

const PARA =
  'The Ministry reaffirms its commitment to transparency and to the rule of law. Officials met ' +
  'with representatives of civil society to discuss the draft amendments, the timetable for public ' +
  'consultation and the safeguards for freedom of expression and of peaceful assembly. ';

/** A ~60 KB official statement with OpenGraph tags, a canonical link and one image. */
export function pressReleaseHtml(): string {
  const meta =
    '<link rel="canonical" href="https://ministry.example/press/2026/11/12/statement">' +
    '<meta property="og:title" content="Statement on the draft amendments">' +
    '<meta property="og:type" content="article">' +
    '<meta property="og:description" content="Official statement of the press service.">' +
    '<meta property="og:image" content="/img.png?n=1">' +
    '<meta name="description" content="Official statement of the press service.">';
  const paras: string[] = [];
  for (let i = 0; paras.join('').length < 58_000; i++) paras.push(`<p id="p${i}">${i + 1}. ${PARA.repeat(2)}</p>`);
  return (
    head('Statement on the draft amendments', meta) +
    '<body><article><h1>Statement on the draft amendments</h1><time datetime="2026-11-12T09:00:00Z">12 November 2026</time>' +
    '<img src="/img.png?n=1" alt="Press conference" width="64" height="48">' +
    paras.join('\n') +
    '</article></body></html>'
  );
}

/** Images far below the fold that only load when scrolled into view. */
export function lazyImagesHtml(count: number): string {
  const imgs = Array.from(
    { length: count },
    (_, i) => `<div style="height:700px">Section ${i + 1}</div><img loading="lazy" src="/img.png?n=${i + 10}" alt="photo ${i + 1}" width="64" height="48">`,
  ).join('\n');
  return head('Lazy images') + `<body><h1>Lazy images</h1>${imgs}</body></html>`;
}

/** A feed that appends content every time the bottom is reached, without end. */
export function infiniteScrollHtml(firstDelayMs = 0): string {
  const script = `<script>
let page = 1, busy = false;
async function more() {
  if (busy) return; busy = true;
  const r = await fetch('/more?page=' + page + (page++ === 1 && ${firstDelayMs} > 0 ? '&delay=${firstDelayMs}' : ''));
  const d = await r.json();
  for (const t of d.items) { const p = document.createElement('p'); p.textContent = t; p.style.height = '120px'; document.getElementById('feed').appendChild(p); }
  busy = false;
}
window.addEventListener('scroll', () => { if (innerHeight + scrollY >= document.body.scrollHeight - 200) more(); });
more();
</script>`;
  return head('Infinite feed') + `<body><h1>Infinite feed</h1><div id="feed"></div>${script}</body></html>`;
}

/** A post with a video and a poster image. */
export function videoHtml(): string {
  return (
    head('Video post', '<meta property="og:video" content="/clip.mp4">') +
    '<body><h1>Video post</h1><video controls preload="auto" poster="/img.png?n=3" src="/clip.mp4" width="320" height="240"></video>' +
    '<audio src="/clip.mp4?audio=1" preload="auto"></audio><p>Footage from the rally.</p></body></html>'
  );
}

/** Renders at once but one script never finishes loading, so the network never goes idle. */
export function slowHtml(): string {
  return head('Slow resource') + '<body><h1>Slow resource</h1><p>Visible text.</p><script async src="/slow.js"></script></body></html>';
}

/** A very tall page (for the screenshot height cap). */
export function tallHtml(px: number): string {
  return head('Tall page') + `<body><h1>Tall page</h1><div style="height:${px}px;background:linear-gradient(#fff,#36c)">long</div><p>End.</p></body></html>`;
}

/** Links a large binary (for the response size cap). */
export function bigAssetHtml(): string {
  return head('Big asset') + '<body><h1>Big asset</h1><img src="/big.bin" alt="big"><a href="/big.bin">download</a></body></html>';
}
