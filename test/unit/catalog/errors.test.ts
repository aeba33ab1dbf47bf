import { describe, expect, it } from 'vitest';
import { catalogError, isTransientDbError } from '../../../src/catalog/errors.js';
import { VigilError } from '../../../src/errors.js';

const pgError = (code: string, message: string) => Object.assign(new Error(message), { code });

describe('catalog errors for the index job', () => {
  it('a refused value is permanent (VGL_CATALOG_REJECTED) and names the record', () => {
    const e = catalogError(pgError('22003', 'value "237420948908244" is out of range for type integer'), 'observation observations/2025/01/01/X.json');
    expect(e.code).toBe('VGL_CATALOG_REJECTED');
    expect(e.retryable).toBe(false);
    expect(e.message).toBe('catalog: cannot index observation observations/2025/01/01/X.json: value "237420948908244" is out of range for type integer');
    expect(e.opts.details).toEqual({ record: 'observation observations/2025/01/01/X.json', sqlstate: '22003' });
  });

  it('a database that is down or restarting is retried (VGL_CATALOG_UNAVAILABLE)', () => {
    for (const e of [
      pgError('57P01', 'terminating connection due to administrator command'),
      pgError('08006', 'connection failure'),
      pgError('40P01', 'deadlock detected'),
      pgError('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:5432'),
      new Error('Connection terminated unexpectedly'),
    ]) {
      expect(isTransientDbError(e), e.message).toBe(true);
      expect(catalogError(e, 'event k').code).toBe('VGL_CATALOG_UNAVAILABLE');
    }
    expect(isTransientDbError(pgError('23505', 'duplicate key'))).toBe(false);
    expect(isTransientDbError(new TypeError('x is undefined'))).toBe(false);
  });

  it('a VigilError passes through unchanged', () => {
    const v = new VigilError('VGL_STORE_UNAVAILABLE', 'record not readable yet');
    expect(catalogError(v, 'capture k')).toBe(v);
  });
});
