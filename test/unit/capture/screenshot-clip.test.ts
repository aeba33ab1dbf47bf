// What a full-page shot covers (pure): Playwright's rules, with Vigil's cap at maxScreenshotHeight.
import { describe, it, expect } from 'vitest';
import { shotClip } from '../../../src/capture/screenshot.js';

const viewport = { width: 1280, height: 900 };

describe('shotClip', () => {
  it('takes the whole document, beyond the viewport when it is taller', () => {
    expect(shotClip({ width: 1280, height: 13_600 }, 1280, viewport, 20_000, 13_600)).toEqual({
      clip: { x: 0, y: 0, width: 1280, height: 13_600, scale: 1 },
      beyondViewport: true,
      truncated: false,
    });
  });

  it('stays within the viewport when the document fits in it', () => {
    expect(shotClip({ width: 1280, height: 700 }, 1280, viewport, 20_000, 900)).toMatchObject({ clip: { width: 1280, height: 700 }, beyondViewport: false, truncated: false });
  });

  it('cuts at maxHeight and at the visible width, never beyond the document', () => {
    expect(shotClip({ width: 1300, height: 30_100 }, 1265, viewport, 4000, 30_100)).toEqual({
      clip: { x: 0, y: 0, width: 1265, height: 4000, scale: 1 },
      beyondViewport: true,
      truncated: true,
    });
    // Vigil's measure says taller than the cap, Playwright's document is shorter: the document wins.
    expect(shotClip({ width: 1280, height: 3000 }, 1280, viewport, 4000, 4100).clip.height).toBe(3000);
  });
});
