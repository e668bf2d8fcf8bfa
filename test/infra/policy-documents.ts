import { evaluateAttribute, type Scope } from './evaluate-hcl.js';
import type { Body, TerraformModule } from './load-terraform.js';

/** One condition of a statement: `test` (StringEquals, ...), the condition key, and its values. */
export interface Condition {
  test: string;
  variable: string;
  values: string[];
}

/** A statement of an aws_iam_policy_document, evaluated. */
export interface Statement {
  sid: unknown;
  effect: unknown;
  actions: string[];
  resources: string[];
  notActions: unknown;
  notResources: unknown;
  principals: unknown;
  conditions: Condition[];
}

/** An evaluated policy document: one per data source, or one per instance of a data source with for_each. */
export interface PolicyDocument {
  /** data.aws_iam_policy_document.<name>, with [key] for an instance of for_each. */
  address: string;
  statements: Statement[];
}

async function evaluateConditions(body: Body, scope: Scope): Promise<Condition[]> {
  if (Object.hasOwn(body, 'dynamic')) {
    throw new Error(
      'Dynamic blocks inside a statement are not evaluated by this helper; write conditions out.',
    );
  }
  const conditions: Condition[] = [];
  for (const condition of (body.condition ?? []) as Body[]) {
    conditions.push({
      test: (await evaluateAttribute(condition.test, scope)) as string,
      variable: (await evaluateAttribute(condition.variable, scope)) as string,
      values: (await evaluateAttribute(condition.values, scope)) as string[],
    });
  }
  return conditions;
}

/** Evaluates every statement of an aws_iam_policy_document, expanding dynamic "statement" blocks. */
export async function policyStatements(document: Body, scope: Scope): Promise<Statement[]> {
  const evaluateStatement = async (body: Body, statementScope: Scope): Promise<Statement> => {
    const read = (name: string) =>
      Object.hasOwn(body, name) ? evaluateAttribute(body[name], statementScope) : Promise.resolve(undefined);
    return {
      sid: await read('sid'),
      effect: (await read('effect')) ?? 'Allow',
      actions: ((await read('actions')) ?? []) as string[],
      resources: ((await read('resources')) ?? []) as string[],
      notActions: await read('not_actions'),
      notResources: await read('not_resources'),
      principals: body.principals,
      conditions: await evaluateConditions(body, statementScope),
    };
  };
  const statements: Statement[] = [];
  for (const body of (document.statement ?? []) as Body[])
    statements.push(await evaluateStatement(body, scope));
  const dynamicBlocks = ((document.dynamic as Body | undefined)?.statement ?? []) as Body[];
  for (const dynamicBlock of dynamicBlocks) {
    const iterator = (dynamicBlock.iterator as string | undefined) ?? 'statement';
    const forEach = await evaluateAttribute(dynamicBlock.for_each, scope);
    const items = Array.isArray(forEach)
      ? forEach.map((value, key) => [key, value])
      : Object.entries(forEach as Body);
    for (const [key, value] of items) {
      for (const content of dynamicBlock.content as Body[]) {
        statements.push(await evaluateStatement(content, { ...scope, [iterator]: { key, value } }));
      }
    }
  }
  return statements;
}

/** Every aws_iam_policy_document of a module, one per instance when the data source has for_each. */
export async function policyDocuments(module: TerraformModule, scope: Scope): Promise<PolicyDocument[]> {
  const documents: PolicyDocument[] = [];
  for (const [name, body] of Object.entries(module.data.aws_iam_policy_document ?? {})) {
    const address = `data.aws_iam_policy_document.${name}`;
    if (!Object.hasOwn(body, 'for_each')) {
      documents.push({ address, statements: await policyStatements(body, scope) });
      continue;
    }
    const forEach = (await evaluateAttribute(body.for_each, scope)) as Record<string, unknown>;
    for (const [key, value] of Object.entries(forEach)) {
      documents.push({
        address: `${address}["${key}"]`,
        statements: await policyStatements(body, { ...scope, each: { key, value } }),
      });
    }
  }
  return documents;
}

const one = (values: string[]): string | string[] => (values.length === 1 ? (values[0] as string) : values);

/**
 * The policy JSON IAM stores, as aws_iam_policy_document writes it (a single action, resource or condition value
 * as a string), without whitespace: IAM does not count whitespace against its size quotas.
 */
export function renderPolicyJson(statements: Statement[]): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: statements.map((statement) => {
      const condition: Record<string, Record<string, string | string[]>> = {};
      for (const { test, variable, values } of statement.conditions) {
        condition[test] = { ...condition[test], [variable]: one(values) };
      }
      return {
        ...(statement.sid === undefined ? {} : { Sid: statement.sid }),
        Effect: statement.effect,
        Action: one([...statement.actions].sort()),
        Resource: one(statement.resources),
        ...(statement.conditions.length === 0 ? {} : { Condition: condition }),
      };
    }),
  });
}
