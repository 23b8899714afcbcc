/**
 * The only reader of process.env. Parsed once with zod; every error names the variable.
 * Names of the Bot Framework keys follow botbuilder's ConfigurationBotFrameworkAuthentication.
 */
import path from 'node:path';
import { z } from 'zod';

const emptyToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);

const envSchema = z
  .object({
    PORT: z.preprocess(emptyToUndefined, z.coerce.number().int().min(0).max(65535).default(3978)),
    DATABASE_URL: z.preprocess(
      emptyToUndefined,
      z
        .string()
        .default('sqlite:./data/safeguard.sqlite')
        .refine((v) => /^(sqlite:|postgres(ql)?:\/\/)/.test(v), 'must start with sqlite: or postgres://'),
    ),
    SCHOOL_CONFIG: z.preprocess(emptyToUndefined, z.string().default(path.join('config', 'demo-school.yaml'))),
    LOG_LEVEL: z.preprocess(
      emptyToUndefined,
      z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    ),
    MicrosoftAppId: z.preprocess(emptyToUndefined, z.string().optional()),
    MicrosoftAppPassword: z.preprocess(emptyToUndefined, z.string().optional()),
    MicrosoftAppType: z.preprocess(
      emptyToUndefined,
      z.enum(['MultiTenant', 'SingleTenant', 'UserAssignedMsi']).default('MultiTenant'),
    ),
    MicrosoftAppTenantId: z.preprocess(emptyToUndefined, z.string().optional()),
    /** How often the outbox worker and the sweeper look for due work when idle, in ms. */
    WORKER_INTERVAL_MS: z.preprocess(emptyToUndefined, z.coerce.number().int().min(50).max(600_000).default(2000)),
  })
  .superRefine((c, ctx) => {
    // botbuilder's rules: SingleTenant needs a tenant; UserAssignedMsi uses a managed identity and forbids a password.
    if (c.MicrosoftAppType === 'SingleTenant' && c.MicrosoftAppId && !c.MicrosoftAppTenantId)
      ctx.addIssue({ code: 'custom', path: ['MicrosoftAppTenantId'], message: 'is required when MicrosoftAppType is SingleTenant' });
    if (c.MicrosoftAppType === 'UserAssignedMsi' && c.MicrosoftAppPassword)
      ctx.addIssue({ code: 'custom', path: ['MicrosoftAppPassword'], message: 'must be empty when MicrosoftAppType is UserAssignedMsi (the managed identity authenticates)' });
    if (c.MicrosoftAppType === 'UserAssignedMsi' && !c.MicrosoftAppId)
      ctx.addIssue({ code: 'custom', path: ['MicrosoftAppId'], message: 'is required when MicrosoftAppType is UserAssignedMsi (the client id of the managed identity)' });
    if (c.MicrosoftAppType !== 'UserAssignedMsi' && c.MicrosoftAppId && !c.MicrosoftAppPassword)
      ctx.addIssue({ code: 'custom', path: ['MicrosoftAppPassword'], message: `is required when MicrosoftAppId is set and MicrosoftAppType is ${c.MicrosoftAppType}` });
  });

export type Config = z.infer<typeof envSchema>;

export class ConfigError extends Error {
  readonly code = 'CONFIG_INVALID';
}

/** Parses an environment (process.env by default) into a typed Config, or throws ConfigError naming each bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${i.path.join('.') || '(environment)'} ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n  ${lines.join('\n  ')}`);
  }
  return parsed.data;
}
