// Bucket keys for each record kind (design: "Storage layout in the bucket"). Pure functions of the id.
import { blobKey, datedKey } from '../ids.js';

export const captureKey = (id: string): string => datedKey('captures', id);
export const observationKey = (id: string): string => datedKey('observations', id);
export const eventKey = (id: string, status: string): string => datedKey('events', id, `.${status}.json`);
export const seenKey = (id: string): string => datedKey('seen', id);
export { blobKey };
