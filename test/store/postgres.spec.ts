import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import net from 'node:net';
import type { Store } from '../../src/core/ports';
import { createDataSource, openStore } from '../../src/store';
import { newIncident } from './support/fixtures';
import { pgAdmin, PG_URL, requirePostgresOrSkip } from './support/postgres';

/** A TCP relay to the test server that can be cut, to play an unreachable database. */
async function relay(): Promise<{ url: string; cut: () => Promise<void> }> {
  const target = new URL(PG_URL);
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(Number(target.port || 5432), target.hostname);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => s.destroy());
    }
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  const url = new URL(PG_URL);
  url.hostname = '127.0.0.1';
  url.port = String(port);
  return {
    url: url.toString(),
    cut: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const s of sockets) s.destroy();
      }),
  };
}

describe('store on PostgreSQL: schema, start-up and health', function () {
  const schemas: string[] = [];
  const fresh = () => {
    const schema = `store_pg_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
    schemas.push(schema);
    return schema;
  };
  const stores: Store[] = [];

  before(async function () {
    await requirePostgresOrSkip(this, 'PostgreSQL store');
  });
  afterEach(async () => {
    await Promise.all(stores.splice(0).map((s) => s.close()));
    for (const schema of schemas.splice(0)) await pgAdmin(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  });

  it('creates a missing schema and keeps every table, the migrations table included, inside it', async () => {
    const schema = fresh();
    stores.push(await openStore(PG_URL, { schema, create: true }));
    const ds = createDataSource(PG_URL);
    await ds.initialize();
    try {
      const rows: { table_name: string }[] = await ds.query(
        'SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY table_name',
        [schema],
      );
      assert.deepEqual(
        rows.map((r) => r.table_name),
        [
          ...['aua_signatures', 'aua_versions', 'conversations', 'delivery_attempts', 'drafts', 'duty_completions', 'duty_reminders', 'filter_requests', 'heartbeats', 'identities', 'inbound_events'],
          ...['incident_events', 'incident_pupils', 'incident_tasks', 'incidents', 'info_requests', 'migrations', 'outbox', 'pattern_alerts', 'platform_presence', 'posted_messages', 'proposals', 'pupils', 'reference_counters'],
          ...['slack_installations', 'staff_import_rows', 'staff_records', 'teams_installs'],
        ],
      );
    } finally {
      await ds.destroy();
    }
  });

  it('lets two instances start on a new schema at the same time, migrating it once', async () => {
    const schema = fresh();
    const [a, b] = await Promise.all([openStore(PG_URL, { schema, create: true }), openStore(PG_URL, { schema, create: true })]);
    stores.push(a, b);
    const incident = await a.incidents.create(newIncident(), 'OS', 2026);
    assert.deepEqual(await b.incidents.get(incident.id), incident);
  });

  it('answers ping with false, without throwing, when PostgreSQL stops answering', async () => {
    const link = await relay();
    const store = await openStore(link.url, { schema: fresh(), create: true });
    stores.push(store);
    assert.equal(await store.ping(), true);
    await link.cut();
    assert.equal(await store.ping(), false);
  });
});
