/** `safeguard pupils import <dir>` (issue #11): the school's pupils from its MIS's SDS v2.1 or OneRoster 1.1 files. */
import fs from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { loadConfig } from './config';
import { systemClock } from './core/ports';
import { localDate } from './core/duties/dates';
import { parseMisFiles } from './core/pupils/mis-import';
import type { PupilSource } from './core/pupils/model';
import { PupilSyncError, syncPupilsFromGraph } from './host/pupil-sync';
import { openStore } from './store';
import { oneSchool } from './host/schools';
import type { CliIo, Command } from './cli';
import { printable } from './cli-errors';
import { errorCode, MAX_CSV_BYTES, printProblems, schoolOption } from './cli-duties';

const SOURCE_NAMES: Record<PupilSource, string> = { 'sds-v2.1': 'SDS v2.1', 'oneroster-1.1': 'OneRoster 1.1', graph: 'Microsoft Graph' };
const n = (x: number) => x.toLocaleString('en-GB');

/** Reads every .csv of the folder by lower-cased name, or says why it cannot. */
function readFolder(io: CliIo, dir: string, shown: string): Map<string, string> | null {
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    io.err(code === 'ENOTDIR' ? `${shown} is a file: give the folder holding your MIS's export (users.csv and the others).` : `Cannot read the folder ${shown}: ${code ?? 'error'}`);
    return null;
  }
  const files = new Map<string, string>();
  for (const name of names.filter((n) => n.toLowerCase().endsWith('.csv'))) {
    const file = path.join(dir, name);
    try {
      const size = fs.statSync(file).size;
      if (size > MAX_CSV_BYTES) {
        io.err(`${printable(file, 400)}: the file is ${Math.ceil(size / 1024 / 1024)} MB; at most ${MAX_CSV_BYTES / 1024 / 1024} MB is accepted. Nothing was imported.`);
        return null;
      }
      files.set(name.toLowerCase(), fs.readFileSync(file, 'utf8'));
    } catch (e) {
      io.err(`Cannot read ${printable(file, 400)}: ${(e as NodeJS.ErrnoException).code ?? 'error'}`);
      return null;
    }
  }
  return files;
}

export const pupilsImport: Command = {
  usage: 'safeguard pupils import <dir> [--school <id>]',
  summary: "Import the school's pupils from its MIS's School Data Sync export (SDS v2.1 or OneRoster 1.1 CSV files in <dir>); all or nothing, errors by file and line; pupils no longer in the files are kept and marked as left.",
  options: { school: { type: 'string' } },
  async run({ io, env }, { values, positionals }) {
    if (positionals.length !== 1) {
      io.err(`Usage: ${pupilsImport.usage}`);
      return 2;
    }
    const dir = positionals[0]!;
    const shown = printable(dir, 400);
    const files = readFolder(io, dir, shown);
    if (!files) return 1;
    const clock = systemClock;
    const config = loadConfig(env);
    const entry = oneSchool(config, schoolOption(values));
    const today = localDate(clock.now(), entry.school.timezone);
    // Every file is checked before the database is opened: a bad export never touches it.
    const parsed = parseMisFiles(files, today);
    if (parsed.errors.length > 0 || !parsed.source) {
      printProblems(io, `${shown}: ${parsed.errors.length} problem${parsed.errors.length === 1 ? '' : 's'}; nothing was imported.`, `${shown}/`, parsed.errors);
      return 1;
    }
    const store = await openStore(entry.databaseUrl);
    try {
      const r = await store.pupils.applyImport(randomUUID(), parsed.source, parsed.rows, today, clock.now());
      io.out(`Imported ${n(r.pupils)} pupils from ${SOURCE_NAMES[parsed.source]} files: ${n(r.added)} new, ${n(r.left)} marked as left, ${n(r.returned)} back on roll.`);
      return 0;
    } catch (e) {
      io.err(`${shown}: the import stopped (${errorCode(e)}); nothing was changed. Run it again: a re-run changes nothing twice.`);
      return 1;
    } finally {
      await store.close();
    }
  },
};

export const pupilsSync: Command = {
  usage: 'safeguard pupils sync [--school <id>]',
  summary: "Sync the school's pupils from Microsoft Graph's education API now (what the server does daily when the school file sets pupils.graph_sync); pupils Graph no longer lists are kept and marked as left.",
  options: { school: { type: 'string' } },
  async run({ io, env }, { values }) {
    const config = loadConfig(env);
    const entry = oneSchool(config, schoolOption(values));
    const store = await openStore(entry.databaseUrl);
    try {
      const r = await syncPupilsFromGraph(config, { store, school: entry.school, clock: systemClock });
      io.out(`Synced ${n(r.pupils)} pupils from Microsoft Graph: ${n(r.added)} new, ${n(r.left)} marked as left, ${n(r.returned)} back on roll${r.malformed ? `; ${n(r.malformed)} entries without an id or name were skipped` : ''}.`);
      return 0;
    } catch (e) {
      if (!(e instanceof PupilSyncError)) {
        io.err(`The sync stopped (${errorCode(e)}); nothing was changed.`);
        return 1;
      }
      io.err(e.message);
      return 1;
    } finally {
      await store.close();
    }
  },
};
