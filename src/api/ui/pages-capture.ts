// A capture's screen: screenshot inline, extracted text, metadata, hashes, media, the replay of
// its WACZ (ReplayWeb.page's <replay-web-page>, served by Vigil on the separate replay origin,
// see src/api/replay.ts), and the citation lines to copy. Pure renderer.
import type { CaptureManifest } from '../../archive/types.js';
import { blobLink, safeUrl, time } from './bits.js';
import { badge, h, layout } from './html.js';
import { EN, type Ui } from './i18n.js';

export interface CaptureView {
  manifest: CaptureManifest;
  /** sha256 of the stored manifest bytes (the digest in the ledger). */
  sha256: string;
  text?: string;
  citations: { md: string; csv: string; csl: string };
  /** Absolute URL of the replay origin's base (…/replay/), when a replay listener runs. */
  replayBase?: string;
  /** Absolute URL of this capture's WACZ on the replay origin. */
  replaySource?: string;
  ledgerSeq?: number;
}

const isImage = (type: string) => /^image\/(png|jpeg|gif|webp)$/i.test(type);

export function capturePage(v: CaptureView, ui: Ui = EN): string {
  const { t } = ui;
  const m = v.manifest;
  const shot = m.artifacts.find((a) => a.name === 'screenshot.png');
  const wacz = m.artifacts.find((a) => a.name.endsWith('.wacz'));
  const media = m.artifacts.filter((a) => a.name.startsWith('media/'));
  const replay =
    wacz && v.replayBase && v.replaySource
      ? h`<replay-web-page source="${v.replaySource}" url="${safeUrl(m.response?.finalUrl ?? m.url)}" replaybase="${v.replayBase}" embed="replayonly" sandbox></replay-web-page>`
      : h`<p><small>${wacz ? t('replayOff') : '–'}</small></p>`;
  const cite = (label: string, body: string, rows: number) =>
    h`<div><b>${label}</b> <button type="button" class="copy" data-copy="${label}">${t('copy')}</button><textarea class="cite" data-cite="${label}" rows="${rows}" readonly>${body}</textarea></div>`;
  return layout(
    `${t('capture')} ${m.id}`,
    h`<p>${badge(m.status)} ${m.kind} · <a href="${safeUrl(m.url)}" rel="noreferrer noopener">${m.url}</a>${m.target ? h` · <a href="/t/${encodeURIComponent(m.target)}">${m.target}</a>` : ''}
      <small> · ${time(m.startedAt)} → ${time(m.finishedAt)} · ${m.tool.name} ${m.tool.version}${m.tool.browser ? ` · ${m.tool.browser}` : ''} · vantage ${m.vantage}</small></p>
    <p class="sha">manifest sha256 ${v.sha256}${v.ledgerSeq !== undefined ? h` · ${t('ledgerSeq')} ${v.ledgerSeq}` : ''}</p>
    <p><a href="/api/export?capture=${encodeURIComponent(m.id)}" download>${t('dossierPackage')}</a> · <a href="/dossier?capture=${encodeURIComponent(m.id)}">${t('addToDossier')}</a></p>
    <h2>${t('citation')}</h2>${cite('Markdown', v.citations.md, 3)}${cite('CSV', v.citations.csv, 3)}${cite('CSL-JSON', v.citations.csl, 6)}
    ${shot ? h`<h2>${t('screenshot')}</h2><img class="shot" src="/api/blobs/${shot.sha256}" alt="${t('screenshot')} ${m.url}">` : ''}
    <h2>${t('replay')}</h2>${replay}
    ${v.text !== undefined ? h`<h2>${t('text')}</h2><div class="text post">${v.text}</div>` : ''}
    ${media.length ? h`<h2>${t('media')}</h2><div class="media">${media.map((a) => (isImage(a.type) ? h`<a href="/api/blobs/${a.sha256}"><img src="/api/blobs/${a.sha256}" alt="${a.name}" height="120"></a> ` : h`<div>${blobLink(a.sha256, a.name)}</div>`))}</div>` : ''}
    <h2>${t('hashes')}</h2><table><tr><th>${t('name')}</th><th>type</th><th>${t('size')}</th><th>sha256</th></tr>${m.artifacts.map(
      (a) => h`<tr><td>${blobLink(a.sha256, a.name)}${a.truncated ? ' (truncated)' : ''}</td><td>${a.type}</td><td>${a.size}</td><td class="sha">${a.sha256}</td></tr>`,
    )}</table>
    <h2>${t('metadata')}</h2><details open><summary>manifest</summary><pre class="sha">${JSON.stringify({ ...m, artifacts: undefined }, null, 2)}</pre></details>`,
    ui,
    { here: `/c/${m.id}`, scripts: ['/ui/assets/ui.js', ...(v.replayBase ? ['/ui/assets/replay-ui.js'] : [])] },
  );
}
