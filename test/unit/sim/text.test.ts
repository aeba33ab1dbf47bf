// The corpus generator behind the search benchmark: deterministic, the languages it claims, and
// Kazakh case suffixes that follow vowel harmony and the stem's last sound.
import { describe, expect, it } from 'vitest';
import { archiveText, corpusLang, postText } from '../../../src/sim/text.js';
import { kazakhForm } from '../../../src/sim/text-kk.js';

const KAZAKH = /[әғқңөұүһі]/i;

describe('archiveText', () => {
  it('is deterministic per seed and writes the language asked for', () => {
    expect(archiveText(42, 'ru')).toBe(archiveText(42, 'ru'));
    expect(archiveText(42, 'ru')).not.toBe(archiveText(43, 'ru'));
    for (let seed = 0; seed < 200; seed++) {
      expect(archiveText(seed, 'ru')).toMatch(/[а-яё]/i);
      expect(archiveText(seed, 'ru')).not.toMatch(KAZAKH);
      expect(archiveText(seed, 'en')).not.toMatch(/[а-яё]/i);
    }
    const kk = Array.from({ length: 200 }, (_, s) => archiveText(s, 'kk'));
    expect(kk.filter((t) => KAZAKH.test(t)).length).toBeGreaterThan(190);
  });

  it('holds many forms of one word across a corpus (what word-form search is for)', () => {
    const corpus = Array.from({ length: 2000 }, (_, s) => archiveText(s, 'ru')).join(' ');
    const forms = new Set(corpus.match(/расследовани[а-яё]*/gi)?.map((w) => w.toLowerCase()));
    expect(forms.size).toBeGreaterThanOrEqual(5);
    expect(archiveText(5, 'kk', true).length).toBeGreaterThan(archiveText(5, 'kk').length);
  });

  it('mixes languages mostly Russian, then Kazakh, English and bilingual', () => {
    const n = { ru: 0, kk: 0, en: 0, 'ru+kk': 0 };
    for (let s = 0; s < 10_000; s++) n[corpusLang(s)]++;
    expect(n.ru).toBeGreaterThan(n.kk);
    expect(n.kk).toBeGreaterThan(n.en);
    expect(n['ru+kk']).toBeGreaterThan(0);
  });

  it('leaves the simulator\'s postText as it was (scenarios depend on it)', () => {
    expect(postText(1)).toBe(postText(1));
    expect(postText(7, 'en')).toMatch(/^[A-Z]/);
  });
});

describe('kazakhForm', () => {
  it('follows vowel harmony and the last sound', () => {
    const all = (w: string) => (['gen', 'dat', 'acc', 'loc', 'abl', 'ins'] as const).map((c) => kazakhForm(w, c));
    expect(all('Қазақстан')).toEqual(['Қазақстанның', 'Қазақстанға', 'Қазақстанды', 'Қазақстанда', 'Қазақстаннан', 'Қазақстанмен']);
    expect(all('сот')).toEqual(['соттың', 'сотқа', 'сотты', 'сотта', 'соттан', 'сотпен']);
    expect(all('белсенді')).toEqual(['белсендінің', 'белсендіге', 'белсендіні', 'белсендіде', 'белсендіден', 'белсендімен']);
    expect(all('Орал')).toEqual(['Оралдың', 'Оралға', 'Оралды', 'Оралда', 'Оралдан', 'Оралмен']);
    expect(kazakhForm('журналист', 'nom', true)).toBe('журналистер');
    expect(kazakhForm('құқық қорғаушы', 'gen', true)).toBe('құқық қорғаушылардың');
  });
});
