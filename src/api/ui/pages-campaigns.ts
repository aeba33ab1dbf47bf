// The Campaigns screen: each `campaign` event with its member targets, attacker accounts and a
// timeline chart of the attack bursts against the takedowns and shadow-bans across the members,
// each event linked to its evidence. Takedowns are "consistent with" attacks, never "caused by"
// them. Pure renderers.
import type { EventRow } from '../../catalog/types.js';
import { relatedKind, type CampaignView } from '../campaigns.js';
import { eventHref, evidenceHref, time } from './bits.js';
import { timeChart } from './chart.js';
import { badge, h, layout, type Html } from './html.js';
import { EN, type Ui } from './i18n.js';
import { linkNote } from './pages-target.js';

export interface CampaignCard {
  c: CampaignView;
  /** The members' attacks, takedowns and shadow-bans since the first attack, oldest first. */
  events: EventRow[];
}

const KIND_COLOR = { attack: '#e67e22', takedown: '#d33', shadowban: '#8e44ad' } as const;
const SHOWN_ATTACKERS = 40;
const at = (e: EventRow): string => e.window.firstChangedAt || e.detectedAt;

/** One lane per member (top: the first member), dots coloured by kind. */
export function campaignChart(card: CampaignCard, ui: Ui): Html {
  const { c, events } = card;
  const lane = new Map(c.members.map((m, i) => [m, c.members.length - i]));
  const points = events
    .map((e) => ({ t: Date.parse(at(e)), v: lane.get(e.target) ?? 0, label: `${e.type} · ${e.target}`, color: KIND_COLOR[relatedKind(e)] }))
    .filter((p) => Number.isFinite(p.t) && p.v > 0);
  if (!points.length) return h`<p><small>${ui.t('noCampaignEvents')}</small></p>`;
  const dot = (k: keyof typeof KIND_COLOR, label: string) => h`<span><span style="color:${KIND_COLOR[k]}">●</span> ${label}</span> `;
  return h`${timeChart(points, { title: ui.t('campaignChart'), height: 40 + 30 * c.members.length, yLabel: false })}
    <p class="legend"><small>${dot('attack', ui.t('attackBursts'))}${dot('takedown', ui.t('takedowns'))}${dot('shadowban', ui.t('shadowbans'))}
    · ${ui.t('lanes')}: ${c.members.join(', ')}</small></p>`;
}

export function campaignBlock(card: CampaignCard, ui: Ui): Html {
  const { t } = ui;
  const { c, events } = card;
  const e = c.event;
  const more = c.attackers.length - SHOWN_ATTACKERS;
  const rows = events.map(
    (x) => h`<tr data-kind="${relatedKind(x)}"><td>${time(at(x))}</td><td><a href="/t/${encodeURIComponent(x.target)}">${x.target}</a></td>
      <td><a href="${eventHref(x.id)}">${x.type}</a> ${badge(x.status)}${linkNote(x, ui)}</td>
      <td>${x.evidence.slice(0, 6).map((id) => h`<div class="sha"><a href="${evidenceHref(id)}">${id}</a></div>`)}${x.evidence.length > 6 ? h`<small>+${x.evidence.length - 6}</small>` : ''}</td></tr>`,
  );
  return h`<section class="post campaign" id="${e.id}" data-members="${c.members.join(' ')}">
    <h2><a href="/campaigns/${encodeURIComponent(e.id)}">${t('campaign')} ${time(e.detectedAt)}</a> ${badge(e.status)} <small>${Math.round(e.confidence * 100)}% · <code>${e.rule}</code>${c.sharedTexts ? h` · ${t('sharedTexts')}` : ''}</small></h2>
    <p>${t('members')}: ${c.members.map((m, i) => h`${i ? ', ' : ''}<a class="member" href="/t/${encodeURIComponent(m)}">${m}</a>`)}</p>
    <p>${t('attackers')} (${c.attackers.length}): <span class="sha attackers">${c.attackers.slice(0, SHOWN_ATTACKERS).join(', ')}</span>${more > 0 ? h` <small>+${more}</small>` : ''}</p>
    <p><small>${t('campaignNote')}</small></p>
    ${campaignChart(card, ui)}
    <table class="campaign-events"><tr><th>${t('changed')}</th><th>${t('target')}</th><th>${t('type')}</th><th>${t('evidence')}</th></tr>${rows}</table>
    <p><a href="${eventHref(e.id)}">${t('event')}</a> · <a href="/dossier?event=${encodeURIComponent(e.id)}">${t('addToDossier')}</a></p></section>`;
}

export interface CampaignsForm {
  target?: string;
  cursor?: string;
}

export function campaignsPage(cards: CampaignCard[], f: CampaignsForm, next: string | null, ui: Ui = EN): string {
  const { t } = ui;
  const base = f.target ? `/campaigns?target=${encodeURIComponent(f.target)}` : '/campaigns';
  const join = base.includes('?') ? '&' : '?';
  const pager = h`<p class="pager">${f.cursor ? h`<a href="${base}">${t('newestFirst')}</a> ` : ''}${next ? h`<a class="next" href="${base}${join}cursor=${encodeURIComponent(next)}">${t('nextPage')}</a>` : ''}</p>`;
  return layout(
    t('campaigns'),
    h`<form class="inline" method="get" action="/campaigns"><input name="target" placeholder="${t('target')}" value="${f.target ?? ''}" size="14"><button>${t('filter')}</button></form>
    ${cards.length ? cards.map((c) => campaignBlock(c, ui)) : h`<p>${t('noCampaigns')}</p>`}${pager}`,
    ui,
    { here: f.cursor ? `${base}${join}cursor=${encodeURIComponent(f.cursor)}` : base },
  );
}

export function campaignPage(card: CampaignCard, ui: Ui = EN): string {
  return layout(`${ui.t('campaign')} ${card.c.event.id}`, h`<p><a href="/campaigns">${ui.t('campaigns')}</a></p>${campaignBlock(card, ui)}`, ui, { here: `/campaigns/${encodeURIComponent(card.c.event.id)}` });
}
