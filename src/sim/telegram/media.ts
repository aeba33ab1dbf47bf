// Media bytes for the simulator: small but real files (a valid JPEG, an MP4 with an ftyp box),
// unique per media id so content hashes differ, plus one huge item to exercise size caps.
import { createHash } from 'node:crypto';
import type { SimMedia } from './model.js';

// A valid 8x8 baseline JPEG (made once with Chromium's encoder) (SOI..EOI). A COM segment carrying the id is spliced in after SOI.
const JPEG_1X1 = Buffer.from(
  '/9j/4AAQSkZJRgABAQAAAQABAAD/4gHYSUNDX1BST0ZJTEUAAQEAAAHIAAAAAAQwAABtbnRyUkdCIFhZWiAH4AABAAEAAAAAAABhY3NwAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAQAA9tYAAQAAAADTLQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAlkZXNjAAAA8AAAACRyWFlaAAABFAAAABRnWFlaAAABKAAAABRiWFlaAAABPAAAABR3dHB0AAABUAAAABRyVFJDAAABZAAAAChnVFJDAAABZAAAAChiVFJDAAABZAAAAChjcHJ0AAABjAAAADxtbHVjAAAAAAAAAAEAAAAMZW5VUwAAAAgAAAAcAHMAUgBHAEJYWVogAAAAAAAAb6IAADj1AAADkFhZWiAAAAAAAABimQAAt4UAABjaWFlaIAAAAAAAACSgAAAPhAAAts9YWVogAAAAAAAA9tYAAQAAAADTLXBhcmEAAAAAAAQAAAACZmYAAPKnAAANWQAAE9AAAApbAAAAAAAAAABtbHVjAAAAAAAAAAEAAAAMZW5VUwAAACAAAAAcAEcAbwBvAGcAbABlACAASQBuAGMALgAgADIAMAAxADb/2wBDABALDA4MChAODQ4SERATGCgaGBYWGDEjJR0oOjM9PDkzODdASFxOQERXRTc4UG1RV19iZ2hnPk1xeXBkeFxlZ2P/2wBDARESEhgVGC8aGi9jQjhCY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2P/wAARCAAIAAgDASIAAhEBAxEB/8QAFQABAQAAAAAAAAAAAAAAAAAAAAL/xAAUEAEAAAAAAAAAAAAAAAAAAAAA/8QAFAEBAAAAAAAAAAAAAAAAAAAABf/EABQRAQAAAAAAAAAAAAAAAAAAAAD/2gAMAwEAAhEDEQA/AJALh3//2Q==',
  'base64',
);

export const BIG_MEDIA_ID = 'big-video.mp4';

export interface MediaBody {
  contentType: string;
  /** Either the whole body, or a length to stream as filler (for the oversized item). */
  body?: Buffer;
  streamLength?: number;
}

export function jpegBytes(id: string): Buffer {
  const text = Buffer.from(`vigil-sim ${id}`, 'utf8');
  const len = Buffer.alloc(2);
  len.writeUInt16BE(text.length + 2);
  return Buffer.concat([JPEG_1X1.subarray(0, 2), Buffer.from([0xff, 0xfe]), len, text, JPEG_1X1.subarray(2)]);
}

export function mp4Bytes(id: string, size = 8192): Buffer {
  const ftyp = Buffer.from('\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom', 'latin1');
  const payload = Buffer.alloc(Math.max(64, size - ftyp.length - 8));
  const seed = createHash('sha256').update(id).digest();
  for (let i = 0; i < payload.length; i++) payload[i] = seed[i % seed.length] ^ (i & 0xff);
  const head = Buffer.alloc(8);
  head.writeUInt32BE(payload.length + 8);
  head.write('mdat', 4, 'latin1');
  return Buffer.concat([ftyp, head, payload]);
}

/** Bytes for `/media/<id>`; undefined when the id is unknown-shaped. */
export function mediaBody(id: string, bigBytes: number): MediaBody | undefined {
  if (id === BIG_MEDIA_ID) return { contentType: 'video/mp4', streamLength: bigBytes };
  if (/^[\w.-]+\.jpg$/.test(id)) return { contentType: 'image/jpeg', body: jpegBytes(id) };
  if (/^[\w.-]+\.mp4$/.test(id)) return { contentType: 'video/mp4', body: mp4Bytes(id) };
  return undefined;
}

/** File names the renderer links for a media item. */
export const mediaFile = (m: SimMedia): string => (m.kind === 'photo' ? `${m.id}.jpg` : `${m.id}.mp4`);
export const thumbFile = (m: SimMedia): string => `${m.id}-thumb.jpg`;
export const avatarFile = (channelId: number): string => `avatar-${channelId}.jpg`;
