/**
 * The product's src/ transpiled once to plain JavaScript in a temporary folder, for tests that start
 * the server as a child process many times (the crash tests): a child then starts with node alone,
 * without transpiling every file again on each start. Type-only transpilation, as ts-node's
 * transpile-only mode does; cards/ and node_modules are linked, so paths resolve as in the project.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ts from 'typescript';

const ROOT = path.resolve(__dirname, '../..');

/** Transpiles src/ into a new folder; returns the path of its server.js and a function that removes the folder. */
export function transpileServer(): { entry: string; remove: () => void } {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'safeguard-build-'));
  const options: ts.CompilerOptions = { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.CommonJS, esModuleInterop: true, resolveJsonModule: true };
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const from = path.join(dir, entry.name);
      const rel = path.relative(ROOT, from);
      if (entry.isDirectory()) walk(from);
      else if (entry.name.endsWith('.ts')) {
        const js = ts.transpileModule(fs.readFileSync(from, 'utf8'), { compilerOptions: options, fileName: from }).outputText;
        fs.mkdirSync(path.dirname(path.join(out, rel)), { recursive: true });
        fs.writeFileSync(path.join(out, rel.replace(/\.ts$/, '.js')), js);
      } else if (entry.name.endsWith('.json')) {
        fs.mkdirSync(path.dirname(path.join(out, rel)), { recursive: true });
        fs.copyFileSync(from, path.join(out, rel));
      }
    }
  };
  walk(path.join(ROOT, 'src'));
  for (const link of ['cards', 'node_modules', 'config']) fs.symlinkSync(path.join(ROOT, link), path.join(out, link));
  return { entry: path.join(out, 'src', 'server.js'), remove: () => fs.rmSync(out, { recursive: true, force: true }) };
}
