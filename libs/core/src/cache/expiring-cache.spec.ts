import type { AppConfig } from '../config';
import { ExpiringCache } from './expiring-cache';
import { InvalidationBus } from './invalidation-bus';

function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((done) => (resolve = done));
  return { promise, resolve };
}

describe(ExpiringCache.name, () => {
  const bus = () => new InvalidationBus(null, { redisPrefix: 'test:' } as AppConfig);

  it('loads a key once for callers that miss it together', async () => {
    const cache = new ExpiringCache<string>(bus(), 'topic', 60_000);
    const load = deferred<string>();
    const loader = jest.fn(() => load.promise);
    const both = Promise.all([cache.getOrLoad('a', loader), cache.getOrLoad('a', loader)]);
    load.resolve('value');
    expect(await both).toEqual(['value', 'value']);
    expect(loader).toHaveBeenCalledTimes(1);
    expect(await cache.getOrLoad('a', loader)).toBe('value');
    expect(loader).toHaveBeenCalledTimes(1);
  });

  it('never stores a value whose key changed while it loaded (a session revoked mid-load)', async () => {
    const events = bus();
    const cache = new ExpiringCache<string>(events, 'sessions', 60_000);
    const stale = deferred<string>();
    const first = cache.getOrLoad('s1', () => stale.promise);
    await events.publish('sessions', 's1');
    stale.resolve('active');
    expect(await first).toBe('active');
    // The next caller does not meet the value read before the revocation.
    expect(await cache.getOrLoad('s1', async () => 'revoked')).toBe('revoked');
  });

  it('forgets a failed load, so the next caller tries again', async () => {
    const cache = new ExpiringCache<string>(bus(), 'topic', 60_000);
    await expect(cache.getOrLoad('a', async () => Promise.reject(new Error('down')))).rejects.toThrow('down');
    expect(await cache.getOrLoad('a', async () => 'back')).toBe('back');
  });

  it('evicts everything on *', async () => {
    const events = bus();
    const cache = new ExpiringCache<string>(events, 'topic', 60_000);
    await cache.getOrLoad('a', async () => 'one');
    await events.publish('topic', '*');
    expect(await cache.getOrLoad('a', async () => 'two')).toBe('two');
  });
});
