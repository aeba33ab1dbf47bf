// The bounds of browser jobs (src/capture/deadline.ts): a context that never comes is given up on
// with a retryable error, and one that comes too late is handed back to be closed, not leaked.
import { describe, expect, it } from 'vitest';
import { giveUpAfter, within } from '../../../src/capture/deadline.js';
import { isVigilError } from '../../../src/errors.js';

describe('giveUpAfter', () => {
  it('passes a value that comes in time through, and never calls late', async () => {
    const late: number[] = [];
    await expect(giveUpAfter(Promise.resolve(7), 1000, 'a context', (v) => late.push(v))).resolves.toBe(7);
    expect(late).toEqual([]);
  });

  it('rejects retryably when the work never settles (a browser killed while it made a context)', async () => {
    const never = new Promise<number>(() => undefined);
    const err = await giveUpAfter(never, 20, 'a browser context', () => undefined).catch((e: unknown) => e);
    expect(isVigilError(err) && err.code).toBe('VGL_CAPTURE_FAILED');
    expect(isVigilError(err) && err.retryable).toBe(true);
    expect((err as Error).message).toMatch(/a browser context was not ready/);
  });

  it('hands a value that comes after the give-up to late', async () => {
    let resolve!: (v: string) => void;
    const slow = new Promise<string>((r) => (resolve = r));
    const late: string[] = [];
    await expect(giveUpAfter(slow, 10, 'a context', (v) => late.push(v))).rejects.toThrow();
    resolve('ctx');
    await new Promise((r) => setTimeout(r, 5));
    expect(late).toEqual(['ctx']);
  });

  it('passes a rejection through', async () => {
    await expect(giveUpAfter(Promise.reject(new Error('gone')), 1000, 'a context', () => undefined)).rejects.toThrow('gone');
  });
});

describe('within', () => {
  it('is true when the work settles in time (even by rejecting), false when it does not', async () => {
    expect(await within(Promise.reject(new Error('x')), 1000)).toBe(true);
    expect(await within(new Promise(() => undefined), 10)).toBe(false);
  });
});
