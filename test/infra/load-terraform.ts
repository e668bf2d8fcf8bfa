import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from '@cdktf/hcl2json';

/** Repository root (this file lives in test/infra/). */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** The Terraform root module. */
export const terraformRoot = join(repoRoot, 'infra/terraform');

/** A block body as @cdktf/hcl2json returns it: literals stay JSON, expressions become "${...}" strings. */
export type Body = Record<string, unknown>;

/** One Terraform module directory, parsed. Keys of each record are the block labels. */
export interface TerraformModule {
  /** Absolute path of the module directory. */
  dir: string;
  /** Path relative to the repository root, for messages. */
  name: string;
  /** The raw text of each .tf file, by file name. */
  files: Record<string, string>;
  variables: Record<string, Body>;
  outputs: Record<string, Body>;
  locals: Record<string, unknown>;
  /** resources[type][name] */
  resources: Record<string, Record<string, Body>>;
  /** data[type][name] */
  data: Record<string, Record<string, Body>>;
  /** Module calls by name. */
  modules: Record<string, Body>;
  /** terraform {} blocks. */
  terraform: Body[];
  /** provider blocks by provider name. */
  providers: Record<string, Body[]>;
}

type Parsed = Record<string, unknown>;

function asRecord(value: unknown, what: string): Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new Error(`Expected an object for ${what}.`);
  }
  return value as Record<string, unknown>;
}

/** hcl2json wraps every labelled block body in a one-element array; Terraform forbids duplicates. */
function single(value: unknown, what: string): Body {
  if (!Array.isArray(value) || value.length !== 1) {
    throw new Error(
      `Expected exactly one block for ${what}, got ${Array.isArray(value) ? value.length : 0}.`,
    );
  }
  return asRecord(value[0], what);
}

function addUnique<T>(target: Record<string, T>, key: string, value: T, what: string): void {
  if (Object.hasOwn(target, key)) throw new Error(`Duplicate ${what} "${key}".`);
  target[key] = value;
}

/** Parses every *.tf file of one directory (not recursive) into a {@link TerraformModule}. */
export async function loadModule(dir: string): Promise<TerraformModule> {
  const module: TerraformModule = {
    dir,
    name: relative(repoRoot, dir) || '.',
    files: {},
    variables: {},
    outputs: {},
    locals: {},
    resources: {},
    data: {},
    modules: {},
    terraform: [],
    providers: {},
  };
  const tfFiles = readdirSync(dir)
    .filter((file) => file.endsWith('.tf'))
    .sort();
  if (tfFiles.length === 0) throw new Error(`No .tf files in ${dir}.`);

  for (const file of tfFiles) {
    const text = readFileSync(join(dir, file), 'utf8');
    module.files[file] = text;
    const parsed: Parsed = await parse(file, text);
    const where = `${module.name}/${file}`;

    for (const [name, blocks] of Object.entries(asRecord(parsed.variable ?? {}, 'variable'))) {
      addUnique(module.variables, name, single(blocks, `variable ${name}`), `variable in ${where}`);
    }
    for (const [name, blocks] of Object.entries(asRecord(parsed.output ?? {}, 'output'))) {
      addUnique(module.outputs, name, single(blocks, `output ${name}`), `output in ${where}`);
    }
    for (const localsBlock of (parsed.locals ?? []) as Body[]) {
      for (const [name, value] of Object.entries(localsBlock)) {
        addUnique(module.locals, name, value, `local in ${where}`);
      }
    }
    for (const [name, blocks] of Object.entries(asRecord(parsed.module ?? {}, 'module'))) {
      addUnique(module.modules, name, single(blocks, `module ${name}`), `module call in ${where}`);
    }
    for (const kind of ['resource', 'data'] as const) {
      const target = kind === 'resource' ? module.resources : module.data;
      for (const [type, byName] of Object.entries(asRecord(parsed[kind] ?? {}, kind))) {
        target[type] ??= {};
        for (const [name, blocks] of Object.entries(asRecord(byName, `${kind} ${type}`))) {
          addUnique(
            target[type],
            name,
            single(blocks, `${kind} ${type}.${name}`),
            `${kind} ${type} in ${where}`,
          );
        }
      }
    }
    for (const block of (parsed.terraform ?? []) as Body[]) module.terraform.push(block);
    for (const [name, blocks] of Object.entries(asRecord(parsed.provider ?? {}, 'provider'))) {
      module.providers[name] = [...(module.providers[name] ?? []), ...(blocks as Body[])];
    }
  }
  return module;
}

/** Every directory under infra/terraform that holds .tf files (root, modules/*, examples/*). */
export function listModuleDirs(root: string = terraformRoot): string[] {
  const found: string[] = [];
  const visit = (dir: string): void => {
    const entries = readdirSync(dir);
    if (entries.some((entry) => entry.endsWith('.tf'))) found.push(dir);
    for (const entry of entries) {
      if (entry.startsWith('.')) continue;
      const path = join(dir, entry);
      if (statSync(path).isDirectory()) visit(path);
    }
  };
  visit(root);
  return found.sort();
}

/** Loads every module under infra/terraform, keyed by path relative to infra/terraform ("." for the root). */
export async function loadAllModules(): Promise<Record<string, TerraformModule>> {
  const modules: Record<string, TerraformModule> = {};
  for (const dir of listModuleDirs()) {
    modules[relative(terraformRoot, dir) || '.'] = await loadModule(dir);
  }
  return modules;
}

/** The module a call's local `source` points at, relative to the calling module. */
export function resolveModuleSource(caller: TerraformModule, call: Body): string {
  const source = call.source;
  if (typeof source !== 'string' || !source.startsWith('.')) {
    throw new Error(`Module calls in ${caller.name} must use a local source, got ${String(source)}.`);
  }
  return resolve(caller.dir, source);
}

/** Arguments of a module call that are not meta-arguments. */
export const MODULE_META_ARGUMENTS = new Set([
  'source',
  'version',
  'providers',
  'count',
  'for_each',
  'depends_on',
]);

/**
 * Turns an attribute value from hcl2json back into Terraform expression source, for the evaluator.
 * hcl2json keeps a pure expression as "${expr}", a template as its template text, a plain string
 * literal unescaped, and literal lists, objects, numbers and booleans as JSON.
 * Limitation: the literal parts of a template must not contain quotes or backslashes.
 */
export function expressionSource(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(expressionSource).join(', ')}]`;
  if (value !== null && typeof value === 'object') {
    const items = Object.entries(value).map(
      ([key, item]) => `${JSON.stringify(key)} = ${expressionSource(item)}`,
    );
    return `{ ${items.join(', ')} }`;
  }
  if (typeof value !== 'string') return JSON.stringify(value);
  const inner = singleInterpolation(value);
  if (inner !== undefined) return inner;
  const isTemplate = /(^|[^$])\$\{/.test(value);
  return isTemplate ? `"${value}"` : JSON.stringify(value);
}

/** If `text` is exactly one "${...}" interpolation, returns what is inside it. */
function singleInterpolation(text: string): string | undefined {
  if (!text.startsWith(`\${`)) return undefined;
  // What encloses the current character: an interpolation, a brace of an object/for, or a string literal.
  const stack: Array<'interpolation' | 'brace' | 'string'> = ['interpolation'];
  let index = 2;
  while (index < text.length) {
    const char = text[index];
    if (stack.at(-1) === 'string') {
      if (char === '\\' || (char === '$' && text[index + 1] === '$')) index += 2;
      else if (char === '"') {
        stack.pop();
        index += 1;
      } else if (char === '$' && text[index + 1] === '{') {
        stack.push('interpolation');
        index += 2;
      } else index += 1;
      continue;
    }
    if (char === '"') stack.push('string');
    else if (char === '{') stack.push('brace');
    else if (char === '}') {
      stack.pop();
      if (stack.length === 0) return index === text.length - 1 ? text.slice(2, -1) : undefined;
    }
    index += 1;
  }
  return undefined;
}

/** Every string anywhere inside a parsed body (attribute values, nested blocks). */
export function collectStrings(value: unknown, into: string[] = []): string[] {
  if (typeof value === 'string') into.push(value);
  else if (Array.isArray(value)) for (const item of value) collectStrings(item, into);
  else if (value !== null && typeof value === 'object') {
    for (const item of Object.values(value)) collectStrings(item, into);
  }
  return into;
}
