import { newDocumentId } from './document-id';

describe('newDocumentId', () => {
  it('gives 24 characters of [a-z0-9], never the same twice, across many refills of its pool', () => {
    const ids = Array.from({ length: 5000 }, () => newDocumentId());
    for (const id of ids) expect(id).toMatch(/^[a-z0-9]{24}$/);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('uses every character of the alphabet', () => {
    const seen = new Set(Array.from({ length: 200 }, () => newDocumentId()).join(''));
    expect([...seen].sort().join('')).toBe('0123456789abcdefghijklmnopqrstuvwxyz');
  });
});
