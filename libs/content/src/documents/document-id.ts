import { randomFillSync } from 'node:crypto';

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';
const LENGTH = 24;
/** Random bytes at or above this would favour the first letters (256 is not a multiple of 36). */
const UNBIASED_BELOW = 252;
/** Random bytes are drawn a few kilobytes at a time, not one system call per document. */
const pool = Buffer.alloc(4096);
let next = pool.length;

/** A new documentId: 24 random characters of [a-z0-9], as Strapi's. */
export function newDocumentId(): string {
  let id = '';
  while (id.length < LENGTH) {
    if (next === pool.length) {
      randomFillSync(pool);
      next = 0;
    }
    const byte = pool[next++]!;
    if (byte < UNBIASED_BELOW) id += ALPHABET[byte % ALPHABET.length];
  }
  return id;
}
