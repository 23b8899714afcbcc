/**
 * The bot's own token (bot → connector) from a login endpoint other than Microsoft's public one:
 * a private or national cloud, or a test's fake authority (ToChannelFromBotLoginUrl). botbuilder's
 * password credentials hand such an endpoint to MSAL without `knownAuthorities`, so MSAL first asks
 * login.microsoftonline.com whether to trust it; @azure/identity with instance discovery off does not.
 */
import fs from 'node:fs';
import tls from 'node:tls';
import { ClientSecretCredential, type TokenCredential } from '@azure/identity';
import { AppCredentials, ServiceClientCredentialsFactory, type ServiceClientCredentials } from 'botframework-connector';
import { ConfigError } from '../../config';

/** Client-credentials tokens from the configured login endpoint, for the bot's own app id only. */
export class PrivateCloudCredentialsFactory extends ServiceClientCredentialsFactory {
  private readonly credentials = new Map<string, TokenCredential>();
  private readonly ca?: string[];

  constructor(
    private readonly appId: string,
    private readonly password: string,
    caFile?: string,
  ) {
    super();
    if (caFile) this.ca = [...tls.rootCertificates, readCaFile(caFile)];
  }

  async isValidAppId(appId: string): Promise<boolean> {
    return appId === this.appId;
  }

  async isAuthenticationDisabled(): Promise<boolean> {
    return false;
  }

  async createCredentials(appId: string, audience: string | undefined, loginEndpoint: string): Promise<ServiceClientCredentials> {
    if (appId !== this.appId) throw new Error('Invalid appId.');
    // The login URL is the authority and the tenant, as botbuilder's: https://host/<tenant>.
    const url = new URL(loginEndpoint);
    const tenant = url.pathname.split('/').filter(Boolean)[0] ?? 'botframework.com';
    const key = `${url.origin}/${tenant}`;
    let credential = this.credentials.get(key);
    if (!credential) {
      credential = new ClientSecretCredential(tenant, appId, this.password, {
        authorityHost: url.origin,
        disableInstanceDiscovery: true,
        ...(this.ca ? { tlsOptions: { ca: this.ca } } : {}),
      });
      this.credentials.set(key, credential);
    }
    return new TokenCredentialAppCredentials(appId, tenant, audience ?? '', credential);
  }
}

/** botbuilder's AppCredentials (it signs each connector request) over an @azure/identity credential, which caches the token. */
class TokenCredentialAppCredentials extends AppCredentials {
  constructor(
    appId: string,
    tenant: string,
    scope: string,
    private readonly credential: TokenCredential,
  ) {
    super(appId, tenant, scope);
  }

  override async getToken(): Promise<string> {
    return (await this.refreshToken()).accessToken;
  }

  protected async refreshToken(): Promise<{ accessToken: string; expiresOn: Date }> {
    const scope = this.oAuthScope.endsWith('/.default') ? this.oAuthScope : `${this.oAuthScope}/.default`;
    const token = await this.credential.getToken(scope);
    if (!token) throw new Error('Authentication: no access token received.');
    return { accessToken: token.token, expiresOn: new Date(token.expiresOnTimestamp) };
  }
}

function readCaFile(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    throw new ConfigError(`Invalid configuration:\n  TEAMS_LOGIN_CA_FILE cannot be read: ${file}`);
  }
}
