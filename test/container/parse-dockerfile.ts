import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** One instruction of a Dockerfile, continuation lines joined. */
export interface Instruction {
  /** Upper-case keyword: FROM, RUN, COPY, ENV, ... */
  keyword: string;
  /** Everything after the keyword, continuations joined with a space. */
  text: string;
  /** `--name=value` flags at the start of `text` (COPY --from, HEALTHCHECK --interval, ...). */
  flags: Record<string, string>;
  /** The arguments of the exec (JSON array) form, or undefined for the shell form. */
  execForm: string[] | undefined;
  /** What follows the flags, in shell form. */
  rest: string;
}

/** One build stage: its FROM line and the instructions up to the next FROM. */
export interface Stage {
  /** The `AS <name>` of the FROM line, if any. */
  name: string | undefined;
  /** The image reference of the FROM line, ARGs not expanded. */
  base: string;
  instructions: Instruction[];
}

export interface Dockerfile {
  /** ARGs declared before the first FROM, with their defaults. */
  globalArgs: Record<string, string>;
  stages: Stage[];
}

function parseFlags(text: string): { flags: Record<string, string>; rest: string } {
  const flags: Record<string, string> = {};
  let rest = text;
  for (let match = /^--([\w-]+)=(\S+)\s*/.exec(rest); match; match = /^--([\w-]+)=(\S+)\s*/.exec(rest)) {
    flags[match[1] as string] = match[2] as string;
    rest = rest.slice(match[0].length);
  }
  return { flags, rest };
}

function parseExecForm(text: string): string[] | undefined {
  if (!text.trimStart().startsWith('[')) return undefined;
  try {
    const parsed: unknown = JSON.parse(text);
    return Array.isArray(parsed) && parsed.every((item) => typeof item === 'string') ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Parses the subset of Dockerfile syntax this repository uses: comments, `\` continuations, ARG before FROM,
 * stages, flags and the exec (JSON) form. Enough to check the image's properties without a docker engine.
 */
export function parseDockerfile(source: string): Dockerfile {
  const logicalLines: string[] = [];
  let pending = '';
  for (const line of source.split('\n')) {
    if (pending === '' && /^\s*#/.test(line)) continue;
    if (pending !== '' && /^\s*#/.test(line)) continue;
    const continued = /\\\s*$/.test(line);
    pending += `${continued ? line.replace(/\\\s*$/, '') : line} `;
    if (!continued) {
      if (pending.trim() !== '') logicalLines.push(pending.trim());
      pending = '';
    }
  }
  const dockerfile: Dockerfile = { globalArgs: {}, stages: [] };
  for (const line of logicalLines) {
    const [, keyword = '', text = ''] = /^(\S+)\s*(.*)$/.exec(line) ?? [];
    const upper = keyword.toUpperCase();
    if (upper === 'FROM') {
      const [, base = '', name] = /^(?:--\S+\s+)*(\S+)(?:\s+AS\s+(\S+))?$/i.exec(text) ?? [];
      dockerfile.stages.push({ name, base, instructions: [] });
      continue;
    }
    const current = dockerfile.stages.at(-1);
    if (!current) {
      if (upper !== 'ARG') throw new Error(`Only ARG may come before the first FROM, got ${upper}.`);
      const [, argName = '', value = ''] = /^([\w]+)(?:=(.*))?$/.exec(text) ?? [];
      dockerfile.globalArgs[argName] = value;
      continue;
    }
    const { flags, rest } = parseFlags(text);
    current.instructions.push({ keyword: upper, text, flags, rest, execForm: parseExecForm(rest) });
  }
  return dockerfile;
}

/** `ENV a=b c=d` (the key=value form) as an object. */
export function parseEnv(instruction: Instruction): Record<string, string> {
  const env: Record<string, string> = {};
  for (const match of instruction.text.matchAll(/([A-Za-z_][\w]*)=("(?:[^"\\]|\\.)*"|\S+)/g)) {
    const raw = match[2] as string;
    env[match[1] as string] = raw.startsWith('"') ? (JSON.parse(raw) as string) : raw;
  }
  return env;
}

/** The ENV of a stage, later instructions winning. */
export function stageEnv(stage: Stage): Record<string, string> {
  return Object.assign(
    {},
    ...stage.instructions.filter((instruction) => instruction.keyword === 'ENV').map(parseEnv),
  );
}

/** The last instruction of a keyword in a stage (Docker uses the last CMD, ENTRYPOINT, USER, ...). */
export function lastInstruction(stage: Stage, keyword: string): Instruction | undefined {
  return stage.instructions.filter((instruction) => instruction.keyword === keyword).at(-1);
}

/** The repository's Dockerfile, parsed. */
export function loadDockerfile(repoRoot: string): Dockerfile {
  return parseDockerfile(readFileSync(join(repoRoot, 'Dockerfile'), 'utf8'));
}
