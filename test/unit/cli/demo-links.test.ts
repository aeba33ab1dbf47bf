// The demo's lines under a confirmed event: a "consistent with" link, an attack's score and
// features, the accounts a finding names; nothing for events without such details.
import { describe, expect, it } from 'vitest';
import { detailLines, humanLag } from '../../../src/cli/demo/links.js';

const events = new Map([['01JATTACK', { type: 'attack_suspected', channel: 'gomel_activist_sim' }]]);
const lookup = (id: string) => events.get(id);

describe('demo detail lines', () => {
  it('a takedown consistent with an earlier attack names the attack, the lag and says it is evidence, not proof', () => {
    const lines = detailLines({ consistentWith: { attackEventId: '01JATTACK', lagSeconds: 95, score: 0.912, evidence: ['obs1', 'blob2', 'cap3'], note: 'consistent with …' } }, lookup, '  ');
    expect(lines).toEqual(['  ↳ consistent with attack_suspected on gomel_activist_sim (event 01JATTACK), 1m35s earlier (score 0.91, 3 evidence records): evidence, not proof']);
    expect(lines.join('\n')).not.toMatch(/caused/i);
  });

  it('an unknown linked event is still named by id', () => {
    expect(detailLines({ consistentWith: { attackEventId: '01JOTHER', lagSeconds: 7200 } }, lookup, '')).toEqual(['↳ consistent with event 01JOTHER, 2h0m earlier: evidence, not proof']);
  });

  it('an attack shows its score, the features that fired and how many accounts', () => {
    const details = { score: 0.87, features: [{ name: 'burst', weight: 0.2, value: {} }, { name: 'near_duplicates', weight: 0.3, value: {} }, 'generated_handles'], accounts: ['a1', 'a2', 'a3'] };
    expect(detailLines(details, lookup, '')).toEqual(['↳ score 0.87: burst, near_duplicates, generated_handles', '↳ 3 accounts']);
  });

  it('a campaign shows its members and attackers', () => {
    expect(detailLines({ members: ['t1', 't2'], attackers: ['x', 'y', 'z'] }, lookup, '')).toEqual(['↳ 3 attackers, 2 members']);
  });

  it('events without such details print nothing', () => {
    expect(detailLines({ probe: 'missing' }, lookup)).toEqual([]);
    expect(detailLines(null, lookup)).toEqual([]);
    expect(detailLines({ consistentWith: null, score: 'high' }, lookup)).toEqual([]);
  });

  it('lags read as a person would say them', () => {
    expect([humanLag(5), humanLag(60), humanLag(3599), humanLag(86_400 * 3 + 7200)]).toEqual(['5s', '1m00s', '59m59s', '3d2h']);
  });
});
