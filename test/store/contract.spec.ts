/**
 * The store contract: one suite, run against SQLite and PostgreSQL, that every Store must pass.
 * Each test gets a database of its own (a new SQLite file, a new PostgreSQL schema).
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Store } from '../../src/core/ports';
import { openStore } from '../../src/store';
import { draftContract, urgentDraftContract } from './contract/drafts';
import { dutiesContract } from './contract/duties';
import { dutiesBulkContract } from './contract/duties-bulk';
import { staffImportContract } from './contract/staff-import';
import { pupilsContract } from './contract/pupils';
import { pupilLinksContract } from './contract/pupil-links';
import { patternAlertsContract } from './contract/pattern-alerts';
import { tasksContract } from './contract/tasks';
import { incidentContract } from './contract/incidents';
import { outboxContract } from './contract/outbox';
import { peopleContract } from './contract/people';
import { recordsContract } from './contract/records';
import { storeContract } from './contract/store';
import { slackContract, teamsInstallContract } from './contract/slack';
import { deliveryContract } from './contract/deliveries';
import { pruneContract } from './contract/prune';
import type { ContractContext } from './support/context';
import { pgAdmin, PG_URL, requirePostgresOrSkip } from './support/postgres';

/** Defines the contract suite for a Store; `open` opens the current test's database (the same one each call). */
export function contract(name: string, open: () => Promise<Store>): void {
  describe(`store contract (${name})`, function () {
    let current: Store | undefined;
    let opened: Store[] = [];
    const ctx: ContractContext = {
      get store() {
        if (!current) throw new Error('no store open');
        return current;
      },
      async open() {
        const s = await open();
        opened.push(s);
        return s;
      },
    };

    beforeEach(async function () {
      current = await ctx.open();
    });

    afterEach(async function () {
      await Promise.all(opened.map((s) => s.close()));
      opened = [];
      current = undefined;
    });

    describe('incidents', () => incidentContract(ctx));
    describe('chronology, proposals, information requests and posted messages', () => recordsContract(ctx));
    describe('drafts', () => draftContract(ctx));
    describe('drafts: abandoned urgent drafts', () => urgentDraftContract(ctx));
    describe('outbox', () => outboxContract(ctx));
    describe('identities, conversations and inbound events', () => peopleContract(ctx));
    describe('transactions, health and migrations', () => storeContract(ctx));
    describe('Slack installs and platform presence', () => slackContract(ctx));
    describe('Teams installs through Graph', () => teamsInstallContract(ctx));
    describe('the delivery ledger', () => deliveryContract(ctx));
    describe('pruning the tables that only grow', () => pruneContract(ctx));
    describe('duties: staff, completions, AUA, reminders and filtering requests', () => dutiesContract(ctx));
    describe('duties: the set-based calls of a sweep', () => dutiesBulkContract(ctx));
    describe('staff import: staged in batches, applied at once', () => staffImportContract(ctx));
    describe('pupils: an import applied whole, leavers kept and marked', () => pupilsContract(ctx));
    describe('pupils: the incidents each pupil is named in', () => pupilLinksContract(ctx));
    describe('pattern alerts: one per occurrence, and what the kind rule reads', () => patternAlertsContract(ctx));
    describe('tasks after a report, and quiet concerns', () => tasksContract(ctx));
  });
}

describe('store on SQLite', function () {
  let dir = '';
  let n = 0;
  let url = '';
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'store-contract-'));
  });
  beforeEach(() => {
    url = `sqlite:${path.join(dir, `test-${++n}.sqlite`)}`;
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  contract('SQLite', () => openStore(url, { create: true }));
});

describe('store on PostgreSQL', function () {
  const run = `${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  let n = 0;
  let schema = '';
  before(async function () {
    await requirePostgresOrSkip(this, 'store contract');
  });
  beforeEach(() => {
    schema = `store_test_${run}_${++n}`;
  });
  // Runs after the contract's own afterEach has closed every store on the schema.
  afterEach(async () => {
    await pgAdmin(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  });

  contract('PostgreSQL', () => openStore(PG_URL, { schema, create: true }));
});
