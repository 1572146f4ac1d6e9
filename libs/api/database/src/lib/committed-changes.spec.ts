import { Column, DataSource, Entity, PrimaryColumn } from 'typeorm';
import { CommittedChanges, TableCache } from './committed-changes';

@Entity('things')
class Thing {
  @PrimaryColumn({ type: 'varchar' })
  id!: string;

  @Column({ type: 'varchar' })
  name!: string;
}

const REDIS_URL = process.env['TEST_REDIS_URL'] ?? 'redis://127.0.0.1:6379';

/** One "instance": its own SQLite database (the table is all that matters here) and its own CommittedChanges. */
async function instance(redisUrl: string | null) {
  const dataSource = await new DataSource({ type: 'better-sqlite3', database: ':memory:', entities: [Thing], synchronize: true }).initialize();
  const changes = new CommittedChanges(dataSource, redisUrl);
  await changes.onModuleInit();
  await dataSource.getRepository(Thing).insert({ id: '1', name: 'first' });
  return {
    dataSource,
    changes,
    name: async () => (await dataSource.getRepository(Thing).findOneByOrFail({ id: '1' })).name,
    close: async () => {
      await changes.onApplicationShutdown();
      await dataSource.destroy();
    },
  };
}

describe('CommittedChanges and TableCache', () => {
  let one: Awaited<ReturnType<typeof instance>>;
  beforeEach(async () => {
    one = await instance(null);
  });
  afterEach(() => one.close());

  it('keeps a value until its table is written, then reads it again', async () => {
    const cache = new TableCache<string>(one.changes, ['things'], { ttlMs: 60_000, maxEntries: 10 });
    const read = jest.fn(one.name);
    expect(await cache.through('1', read)).toBe('first');
    expect(await cache.through('1', read)).toBe('first');
    expect(read).toHaveBeenCalledTimes(1);
    await one.dataSource.getRepository(Thing).update({ id: '1' }, { name: 'second' });
    expect(await cache.through('1', read)).toBe('second');
    expect(read).toHaveBeenCalledTimes(2);
  });

  it('does not keep what was read between a write and its commit, nor a read begun before a write', async () => {
    const cache = new TableCache<string>(one.changes, ['things'], { ttlMs: 60_000, maxEntries: 10 });
    let seenInside = '';
    await one.dataSource.transaction(async (manager) => {
      await manager.getRepository(Thing).update({ id: '1' }, { name: 'inside' });
      // What another connection would still see before the commit: the old row.
      seenInside = (await cache.through('1', async () => 'stale')) as string;
    });
    expect(seenInside).toBe('stale');
    expect(await cache.through('1', one.name)).toBe('inside');

    cache.forget();
    let finishRead: (value: string) => void = () => undefined;
    const slow = cache.through('1', () => new Promise<string>((resolve) => (finishRead = resolve)));
    await one.dataSource.getRepository(Thing).update({ id: '1' }, { name: 'after' });
    finishRead('begun before');
    expect(await slow).toBe('begun before');
    expect(await cache.through('1', one.name)).toBe('after');
  });

  it('shares one read among callers asking at once, and forgets after the time to live', async () => {
    const cache = new TableCache<string>(one.changes, ['things'], { ttlMs: 50, maxEntries: 10 });
    const read = jest.fn(one.name);
    expect(await Promise.all([cache.through('1', read), cache.through('1', read), cache.through('1', read)])).toEqual(['first', 'first', 'first']);
    expect(read).toHaveBeenCalledTimes(1);
    await new Promise((resolve) => setTimeout(resolve, 80));
    await cache.through('1', read);
    expect(read).toHaveBeenCalledTimes(2);
  });

  it('ignores tables nobody watches, and keeps nothing a read refused to keep', async () => {
    const cache = new TableCache<string>(one.changes, ['other'], { ttlMs: 60_000, maxEntries: 10 });
    const read = jest.fn(one.name);
    await cache.through('1', read);
    await one.dataSource.getRepository(Thing).update({ id: '1' }, { name: 'unwatched' });
    expect(await cache.through('1', read)).toBe('first');
    expect(await cache.through('2', async () => 'refused', () => false)).toBe('refused');
    expect(await cache.through('2', async () => 'read again', () => false)).toBe('read again');
  });

  it('tells another instance, through Redis, of a write committed on this one', async () => {
    const other = await instance(REDIS_URL);
    const writer = await instance(REDIS_URL);
    try {
      const told: string[] = [];
      // Every instance runs the same code, so watches the same tables: only watched tables are announced.
      writer.changes.on(['things'], () => undefined);
      other.changes.on(['things'], () => told.push('things'));
      await writer.dataSource.transaction(async (manager) => {
        await manager.getRepository(Thing).update({ id: '1' }, { name: 'elsewhere' });
      });
      // The commit resolved once Redis had the message; the other instance reads it from its socket.
      for (let waited = 0; told.length === 0 && waited < 2_000; waited += 10) await new Promise((resolve) => setTimeout(resolve, 10));
      expect(told.length).toBeGreaterThan(0);
    } finally {
      await writer.close();
      await other.close();
    }
  });
});
