import { setTimeout as sleep } from 'node:timers/promises';
import { ReplicaReads } from '@cms/core';
import { loginAsAdmin, type Session } from './support/auth';
import { putPublicNotices } from './support/content-types';
import { until } from './support/until';
import { PrivateMariaDb } from './support/private-mariadb';
import { startTestApp, type TestApp } from './support/test-app';

jest.setTimeout(120_000);

const MAX_LAG_MS = 1_000;

/**
 * A real MariaDB replica of a real primary (binary-log replication on free ports): reads go to the
 * replica when it is caught up, to the primary for a writer's next reads, while the replica lags,
 * and when it is down.
 */
describe('reads from a MariaDB replica', () => {
  let primary: PrivateMariaDb;
  let replica: PrivateMariaDb;
  let cms: TestApp;
  let admin: Session;
  let pageSize = 10;

  const replicas = () => cms.app.get(ReplicaReads);
  /** The public list, each time under a query the read cache has not seen. */
  const titles = async () => {
    pageSize += 1;
    const answer = await cms.http().get(`/api/notices?sort=title&pagination[pageSize]=${pageSize}`).expect(200);
    return (answer.body.data as { title: string }[]).map((notice) => notice.title);
  };
  const write = (title: string) =>
    cms.http().post('/api/notices').auth(admin.accessToken, { type: 'bearer' }).send({ data: { title } }).expect(201);
  const replicate = (delaySeconds: number) =>
    replica.execute('STOP SLAVE', `CHANGE MASTER TO MASTER_DELAY=${delaySeconds}`, 'START SLAVE');

  beforeAll(async () => {
    primary = await PrivateMariaDb.create(['--log-bin=primary-bin', '--server-id=1', '--binlog-format=ROW']);
    replica = await PrivateMariaDb.create(['--server-id=2', '--relay-log=replica-relay']);
    await Promise.all([primary.start(), replica.start()]);
    await replica.execute(
      `CHANGE MASTER TO MASTER_HOST='127.0.0.1', MASTER_PORT=${primary.port}, MASTER_USER='root', MASTER_PASSWORD='', MASTER_USE_GTID=slave_pos`,
      'START SLAVE',
    );
    const url = await primary.createDatabase('cms');
    const replicaUrl = new URL(url);
    replicaUrl.port = String(replica.port);
    cms = await startTestApp({
      database: { dialect: 'mysql', url, drop: async () => undefined },
      env: { DATABASE_REPLICA_URLS: replicaUrl.toString(), DATABASE_REPLICA_MAX_LAG_MS: String(MAX_LAG_MS) },
    });
    admin = await loginAsAdmin(cms);
    await putPublicNotices(cms, admin);
  });

  afterAll(async () => {
    await cms?.close();
    await replica?.destroy();
    await primary?.destroy();
  });

  it('reads from the caught-up replica, and a writer’s next reads from the primary', async () => {
    await write('a');
    await until(() => replicas().inUse, 10_000, 'the replica is caught up');
    await sleep(MAX_LAG_MS);
    // Changed on the replica alone: an answer that shows it was read there.
    await replica.execute("UPDATE cms.notices SET title = 'a (as the replica has it)' WHERE title = 'a'");
    expect(await titles()).toEqual(['a (as the replica has it)']);

    await write('b');
    // Right after the write, from the primary: the replica's own change is not there, the write is.
    expect(await titles()).toEqual(['a', 'b']);
    await sleep(MAX_LAG_MS + 200);
    expect(await titles()).toEqual(['a (as the replica has it)', 'b']);
  });

  it('reads from the primary while the replica lags, and from the replica again once it has caught up', async () => {
    await replicate(30);
    await write('c');
    await until(() => !replicas().inUse, 10_000, 'the lag is seen');
    await sleep(MAX_LAG_MS);
    // The replica is thirty seconds behind: only the primary has c.
    expect(await titles()).toEqual(['a', 'b', 'c']);

    await replicate(0);
    await until(() => replicas().inUse, 15_000, 'the replica catches up');
    expect(await titles()).toEqual(['a (as the replica has it)', 'b', 'c']);
  });

  it('reads from the primary while the replica is down, even before it is noticed', async () => {
    await replica.stop();
    expect(await titles()).toEqual(['a', 'b', 'c']);
    await until(() => !replicas().inUse, 5_000, 'the replica is seen to be down');
    expect(await titles()).toEqual(['a', 'b', 'c']);

    await replica.start();
    await until(() => replicas().inUse, 15_000, 'the replica is back');
    expect(await titles()).toEqual(['a (as the replica has it)', 'b', 'c']);
  });
});
