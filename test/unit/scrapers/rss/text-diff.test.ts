// textDiff (src/detect/text-diff.ts): the diff a post_edited event carries for statements.
import { describe, expect, it } from 'vitest';
import { textDiff } from '../../../../src/detect/text-diff.js';

describe('textDiff', () => {
  it('is empty for equal texts', () => {
    expect(textDiff('a\nb', 'a\nb')).toBe('');
  });
  it('is a unified diff with the changed line removed and added', () => {
    const d = textDiff('Задержаны 14 человек.\nСпецсредства не применялись.', 'Задержаны 140 человек.\nСпецсредства не применялись.');
    expect(d).toContain('--- before');
    expect(d).toContain('+++ after');
    expect(d).toContain('-Задержаны 14 человек.');
    expect(d).toContain('+Задержаны 140 человек.');
    expect(d).toContain(' Спецсредства не применялись.');
  });
});
