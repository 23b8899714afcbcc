import assert from 'node:assert/strict';
import { graphSettings, loadConfig } from '../src/config';

const CATALOG = 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee';

describe('config: Teams reach through Graph (TEAMS_APP_CATALOG_ID)', () => {
  it('is off, and the roster path stays, when TEAMS_APP_CATALOG_ID is not set', () => {
    assert.equal(graphSettings(loadConfig({ MicrosoftAppId: 'bot', MicrosoftAppPassword: 'p', MicrosoftAppTenantId: 't' })), null);
  });

  it("uses the bot's own app, secret and tenant when no GRAPH_* key says otherwise", () => {
    const s = graphSettings(loadConfig({ MicrosoftAppId: 'bot', MicrosoftAppPassword: 'p', MicrosoftAppTenantId: 'tenant-1', TEAMS_APP_CATALOG_ID: CATALOG }));
    assert.deepEqual(
      { tenant: s?.tenantId, client: s?.clientId, credential: s?.credential, api: s?.apiUrl, authority: s?.authorityHost },
      { tenant: 'tenant-1', client: 'bot', credential: { kind: 'secret', secret: 'p' }, api: 'https://graph.microsoft.com/v1.0/', authority: 'https://login.microsoftonline.com' },
    );
  });

  it('uses a managed identity for a UserAssignedMsi bot, and a certificate when GRAPH_CERTIFICATE_PATH is given', () => {
    assert.deepEqual(graphSettings(loadConfig({ MicrosoftAppType: 'UserAssignedMsi', MicrosoftAppId: 'msi', MicrosoftAppTenantId: 't', TEAMS_APP_CATALOG_ID: CATALOG }))?.credential, { kind: 'managed_identity' });
    assert.deepEqual(graphSettings(loadConfig({ GRAPH_CLIENT_ID: 'app', GRAPH_TENANT_ID: 't', GRAPH_CERTIFICATE_PATH: '/etc/graph.pem', TEAMS_APP_CATALOG_ID: CATALOG }))?.credential, { kind: 'certificate', path: '/etc/graph.pem' });
  });

  it('names the missing tenant, client and credential', () => {
    assert.throws(() => loadConfig({ TEAMS_APP_CATALOG_ID: CATALOG }), (e: Error) => /GRAPH_TENANT_ID is required/.test(e.message) && /GRAPH_CLIENT_ID is required/.test(e.message) && /GRAPH_CLIENT_SECRET is required/.test(e.message));
  });

  it('does not borrow the bot password for a different Graph app', () => {
    assert.throws(() => loadConfig({ MicrosoftAppId: 'bot', MicrosoftAppPassword: 'p', GRAPH_CLIENT_ID: 'other', GRAPH_TENANT_ID: 't', TEAMS_APP_CATALOG_ID: CATALOG }), /GRAPH_CLIENT_SECRET is required/);
  });

  it('refuses a plain-http token authority, a catalog id that is not a GUID, and two credentials at once', () => {
    const base = { GRAPH_CLIENT_ID: 'app', GRAPH_TENANT_ID: 't', GRAPH_CLIENT_SECRET: 's', TEAMS_APP_CATALOG_ID: CATALOG };
    assert.throws(() => loadConfig({ ...base, GRAPH_AUTHORITY_HOST: 'http://127.0.0.1:9' }), /GRAPH_AUTHORITY_HOST must be an https:\/\/ URL/);
    assert.throws(() => loadConfig({ ...base, TEAMS_APP_CATALOG_ID: 'com.example.safeguard' }), /TEAMS_APP_CATALOG_ID must be the app catalog id/);
    assert.throws(() => loadConfig({ ...base, GRAPH_CERTIFICATE_PATH: '/x.pem' }), /GRAPH_CERTIFICATE_PATH must be empty/);
  });
});

describe('config: Graph credential files', () => {
  it('names GRAPH_CA_FILE when the file cannot be read, at start-up rather than at the first message', async () => {
    const { graphCredential } = await import('../src/platforms/teams/graph');
    const s = graphSettings(loadConfig({ GRAPH_CLIENT_ID: 'app', GRAPH_TENANT_ID: 't', GRAPH_CLIENT_SECRET: 's', TEAMS_APP_CATALOG_ID: CATALOG, GRAPH_CA_FILE: '/nonexistent/ca.pem' }))!;
    assert.throws(() => graphCredential(s), /GRAPH_CA_FILE cannot be read/);
  });
});
