// Custody actions (export, re-verify, transfer) as ledger entries (Berkeley Protocol ¶167):
// the record is stored as custody/<yyyy>/<mm>/<dd>/<id>.json and the ledger points at it.
import { datedKey, newId } from '../../ids.js';
import type { LedgerSink, ObjectStore } from '../types.js';
import { sha256Hex } from './entry.js';

export interface CustodyRecord {
  v: 1;
  id: string;
  action: 'export' | 'verify' | 'transfer' | 'store';
  at: string;
  actor: string;
  details: Record<string, unknown>;
}

export async function appendCustody(
  deps: { store: ObjectStore; ledger: LedgerSink; now?: () => Date },
  action: CustodyRecord['action'],
  actor: string,
  details: Record<string, unknown>,
): Promise<{ key: string; sha256: string }> {
  const at = (deps.now ?? (() => new Date()))();
  const id = newId(at.getTime());
  const record: CustodyRecord = { v: 1, id, action, at: at.toISOString(), actor, details };
  const body = Buffer.from(JSON.stringify(record) + '\n');
  const key = datedKey('custody', id);
  const sha256 = sha256Hex(body);
  const r = await deps.store.put(key, body, { contentType: 'application/json', sha256, ifNoneMatch: true });
  await deps.ledger.append({ type: 'custody', key, sha256, size: body.length, versionId: r.versionId });
  return { key, sha256 };
}
