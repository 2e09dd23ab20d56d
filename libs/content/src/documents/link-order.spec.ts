import { linkOrder } from './link-order';

const connect = (
  ids: string[],
  positions: ({ before: string } | { after: string } | { start: true } | { end: true } | undefined)[] = [],
  rest: { set?: string[]; disconnect?: string[] } = {},
) => ({
  kind: 'toMany' as const,
  connect: ids,
  positions,
  disconnect: rest.disconnect ?? [],
  ...(rest.set ? { set: rest.set } : {}),
});

describe(linkOrder.name, () => {
  it('appends new documents and keeps the place of ones connected again without a position', () => {
    expect(linkOrder('tags', ['a', 'b'], connect(['c', 'a']))).toEqual(['a', 'b', 'c']);
  });

  it('honours before, after, start and end, moving a document already linked', () => {
    expect(linkOrder('tags', ['a', 'b', 'c'], connect(['d'], [{ before: 'b' }]))).toEqual(['a', 'd', 'b', 'c']);
    expect(linkOrder('tags', ['a', 'b', 'c'], connect(['a'], [{ after: 'c' }]))).toEqual(['b', 'c', 'a']);
    expect(linkOrder('tags', ['a', 'b', 'c'], connect(['c'], [{ start: true }]))).toEqual(['c', 'a', 'b']);
    expect(linkOrder('tags', ['a', 'b', 'c'], connect(['a'], [{ end: true }]))).toEqual(['b', 'c', 'a']);
  });

  it('applies connections in order, each relative to the list the ones before it made', () => {
    expect(linkOrder('tags', ['a'], connect(['b', 'c'], [undefined, { before: 'b' }]))).toEqual(['a', 'c', 'b']);
  });

  it('starts from set, then disconnects', () => {
    expect(linkOrder('tags', ['x'], connect(['c'], [], { set: ['a', 'b'], disconnect: ['a'] }))).toEqual(['b', 'c']);
  });

  it('refuses a position relative to a document that is not connected, with its path', () => {
    expect(() => linkOrder('tags', ['a'], connect(['b'], [{ after: 'zzz' }]))).toThrow(
      expect.objectContaining({
        message: 'tags cannot be placed relative to zzz, which is not connected',
        details: { errors: [expect.objectContaining({ path: ['data', 'tags', 'connect', 0, 'position'] })] },
      }),
    );
  });
});
