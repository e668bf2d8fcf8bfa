import { readdirSync, readFileSync } from 'node:fs';
import { relative, resolve as resolvePath } from 'node:path';
import { getExpressionAst, type TFExpressionSyntaxTree } from '@cdktf/hcl2json';
import { expressionSource, type TerraformModule, terraformRoot } from './load-terraform.js';

/**
 * A small evaluator for the subset of Terraform expressions this repository's modules use, so tests can
 * compute what an expression yields for sample inputs without a terraform binary.
 *
 * The syntax tree comes from HashiCorp's own HCL parser (hclsyntax, compiled to WASM in @cdktf/hcl2json);
 * only the evaluation is ours. It is deliberately strict: an unknown node type, function or reference
 * throws rather than guessing, `&&` and `||` evaluate both sides (older Terraform releases do not short-circuit,
 * so configuration must not rely on it), and every supported function follows the documented Terraform
 * semantics (see evaluate-hcl.test.ts).
 */

type Node = TFExpressionSyntaxTree.ExpressionType;
type TraversalPart = TFExpressionSyntaxTree.TerraformTraversalPart;

/** A value computed on first use, e.g. a local that refers to other locals. */
export class Lazy {
  private value: Promise<unknown> | undefined;
  constructor(private readonly compute: () => Promise<unknown>) {}
  get(): Promise<unknown> {
    this.value ??= this.compute();
    return this.value;
  }
}

/** Names visible to an expression: var, local, data, module, resource types, iteration variables. */
export type Scope = Record<string, unknown>;

/** Thrown for anything the evaluator does not implement, so a test never passes by accident. */
export class UnsupportedExpressionError extends Error {
  override name = 'UnsupportedExpressionError';
}

/** Thrown when an expression fails the way Terraform would fail (bad reference, regex mismatch, ...). */
export class EvaluationError extends Error {
  override name = 'EvaluationError';
}

/** Sample inputs for evaluating a module's expressions: what Terraform would know at plan time. */
export interface ModuleInputs {
  /** Input variables; variables not given here take their declared default. */
  variables?: Record<string, unknown>;
  /** data.<type>.<name>.<attribute> */
  data?: Record<string, Record<string, Record<string, unknown>>>;
  /** module.<name>.<output> */
  modules?: Record<string, Record<string, unknown>>;
  /** <type>.<name>.<attribute> of the module's own resources. */
  resources?: Record<string, Record<string, Record<string, unknown>>>;
  /** path.module, path.root */
  path?: Record<string, string>;
}

/**
 * The scope a module's expressions see: var (defaults overlaid with inputs, converted to each variable's type so
 * optional() attributes get their defaults, as Terraform does), lazily evaluated locals, and mocks.
 */
export function moduleScope(module: TerraformModule, inputs: ModuleInputs = {}): Scope {
  const variables: Record<string, unknown> = {};
  for (const [name, block] of Object.entries(module.variables)) {
    if (Object.hasOwn(block, 'default')) variables[name] = block.default;
  }
  Object.assign(variables, inputs.variables);
  for (const [name, value] of Object.entries(variables)) {
    const type = module.variables[name]?.type;
    if (type === undefined) continue;
    variables[name] = new Lazy(async () => convertToType(expressionSource(type), await resolve(value)));
  }
  const local: Record<string, unknown> = {};
  const scope: Scope = {
    ...inputs.resources,
    var: variables,
    local,
    data: inputs.data ?? {},
    module: inputs.modules ?? {},
    path: inputs.path ?? { module: '.', root: '.' },
  };
  for (const [name, value] of Object.entries(module.locals)) {
    local[name] = new Lazy(() => evaluateAttribute(value, scope));
  }
  return scope;
}

/**
 * Converts a value to a Terraform type constraint the way Terraform converts an input variable: object
 * attributes declared optional() and absent get their default (or null), a required attribute that is absent
 * fails. Primitive types are not converted (the tests pass values of the right type).
 */
export async function convertToType(typeSource: string, value: unknown): Promise<unknown> {
  const ast = await getExpressionAst('type.tf', typeSource);
  if (!ast) throw new UnsupportedExpressionError(`Could not parse type: ${typeSource}`);
  return convertNode(ast, value, Buffer.from(typeSource, 'utf8'), 'value');
}

async function convertNode(node: Node, value: unknown, source: Buffer, path: string): Promise<unknown> {
  if (value === null) return null;
  if (node.type === 'scopeTraversal') {
    const name = (node.meta as TFExpressionSyntaxTree.ScopeTraversalExpressionMeta).value;
    if (['string', 'number', 'bool', 'any'].includes(name)) return value;
    throw new UnsupportedExpressionError(`Unsupported type ${name}.`);
  }
  if (node.type !== 'function')
    throw new UnsupportedExpressionError(`Unsupported type expression at ${path}.`);
  const { name } = node.meta as TFExpressionSyntaxTree.FunctionCallMeta;
  const [element] = node.children;
  switch (name) {
    case 'list':
    case 'set':
      return Promise.all(
        asList(value, path).map((item, index) =>
          convertNode(element as Node, item, source, `${path}[${index}]`),
        ),
      );
    case 'map': {
      const map = asMap(value, path);
      const result: Record<string, unknown> = {};
      for (const key of Object.keys(map)) {
        result[key] = await convertNode(element as Node, map[key], source, `${path}["${key}"]`);
      }
      return result;
    }
    case 'object': {
      const object = asMap(value, path);
      const attributes = element?.children ?? [];
      const result: Record<string, unknown> = {};
      for (let index = 0; index < attributes.length; index += 2) {
        const key = await objectKey(attributes[index] as Node, {}, source);
        let attributeType = attributes[index + 1] as Node;
        const optional =
          attributeType.type === 'function' &&
          (attributeType.meta as TFExpressionSyntaxTree.FunctionCallMeta).name === 'optional';
        const defaultNode = optional ? attributeType.children[1] : undefined;
        if (optional) attributeType = attributeType.children[0] as Node;
        const given = Object.hasOwn(object, key) ? object[key] : undefined;
        if (given === undefined && !optional) {
          throw new EvaluationError(`${path}: attribute "${key}" is required.`);
        }
        const chosen = given ?? (defaultNode ? await evaluate(defaultNode, {}, source) : null);
        result[key] = await convertNode(attributeType, chosen, source, `${path}.${key}`);
      }
      return result;
    }
    default:
      throw new UnsupportedExpressionError(`Unsupported type constructor ${name}().`);
  }
}

/** Evaluates an attribute value as hcl2json returns it ("${...}" strings, templates, JSON literals). */
export function evaluateAttribute(value: unknown, scope: Scope): Promise<unknown> {
  return evaluateSource(expressionSource(value), scope);
}

/** Evaluates Terraform expression source text. */
export async function evaluateSource(source: string, scope: Scope): Promise<unknown> {
  const ast = await getExpressionAst('expression.tf', source);
  if (!ast) throw new UnsupportedExpressionError(`Could not parse expression: ${source}`);
  return evaluate(ast, scope, Buffer.from(source, 'utf8'));
}

async function resolve(value: unknown): Promise<unknown> {
  return value instanceof Lazy ? value.get() : value;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && !(value instanceof Lazy);
}

/** HCL string escapes as written in the source (the syntax tree keeps literal text unescaped). */
function unescapeLiteral(raw: string): string {
  return raw.replace(
    /\\(u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|.)|\$\$\{|%%\{/g,
    (match, sequence: string | undefined) => {
      if (match === `$\${`) return `\${`;
      if (match === '%%{') return '%{';
      switch (sequence?.[0]) {
        case 'n':
          return '\n';
        case 'r':
          return '\r';
        case 't':
          return '\t';
        case '"':
          return '"';
        case '\\':
          return '\\';
        case 'u':
        case 'U':
          return String.fromCodePoint(Number.parseInt(sequence.slice(1), 16));
        default:
          throw new EvaluationError(`Invalid escape sequence ${match}.`);
      }
    },
  );
}

function toTemplateString(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value === null) throw new EvaluationError('Cannot interpolate a null value into a string.');
  throw new EvaluationError(
    `Cannot interpolate a ${Array.isArray(value) ? 'list' : 'object'} into a string.`,
  );
}

function traversalKey(part: TraversalPart): string | number {
  if (part.type === 'nameTraversal') return part.segment;
  const segment = part.segment.trim();
  if (segment.startsWith('"')) return unescapeLiteral(segment.slice(1, -1));
  const index = Number(segment);
  if (!Number.isInteger(index)) throw new UnsupportedExpressionError(`Unsupported index [${segment}].`);
  return index;
}

async function step(current: unknown, key: string | number, path: string): Promise<unknown> {
  const value = await resolve(current);
  if (Array.isArray(value)) {
    if (typeof key !== 'number') throw new EvaluationError(`${path}: a list has no attribute "${key}".`);
    if (key < 0 || key >= value.length) throw new EvaluationError(`${path}: index ${key} out of range.`);
    return resolve(value[key]);
  }
  if (isObject(value)) {
    const name = String(key);
    if (!Object.hasOwn(value, name)) throw new EvaluationError(`${path}: no attribute or key "${name}".`);
    return resolve(value[name]);
  }
  if (value === null) throw new EvaluationError(`${path}: attempt to get "${key}" from a null value.`);
  throw new EvaluationError(`${path}: cannot get "${key}" from a ${typeof value}.`);
}

async function traverse(start: unknown, parts: TraversalPart[], path: string): Promise<unknown> {
  let current = await resolve(start);
  for (const part of parts) current = await step(current, traversalKey(part), path);
  return current;
}

function children(node: Node, count: number): Node[] {
  if (node.children.length < count) {
    throw new UnsupportedExpressionError(`Expected ${count} operands in ${node.meta.value}.`);
  }
  return node.children;
}

function equal(left: unknown, right: unknown): boolean {
  return JSON.stringify(canonical(left)) === JSON.stringify(canonical(right));
}

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (isObject(value)) {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((key) => [key, canonical(value[key])]),
    );
  }
  return value;
}

function asNumber(value: unknown, what: string): number {
  if (typeof value !== 'number')
    throw new EvaluationError(`${what} must be a number, got ${JSON.stringify(value)}.`);
  return value;
}

function asBool(value: unknown, what: string): boolean {
  if (typeof value !== 'boolean')
    throw new EvaluationError(`${what} must be a bool, got ${JSON.stringify(value)}.`);
  return value;
}

async function evaluate(node: Node, scope: Scope, source: Buffer): Promise<unknown> {
  switch (node.type) {
    case 'literalValue': {
      const meta = node.meta as TFExpressionSyntaxTree.LiteralValueExpressionMeta;
      if (meta.type === 'string') return unescapeLiteral(meta.value);
      if (meta.type === 'number') return Number(meta.value);
      if (meta.type === 'bool') return meta.value === 'true';
      if (meta.value === 'null') return null;
      throw new UnsupportedExpressionError(`Unsupported literal ${meta.value}.`);
    }
    case 'template':
    case 'templateWrap': {
      // A template that is a single interpolation yields the value itself, not its string form.
      if (node.children.length === 1 && node.children[0]?.type !== 'literalValue') {
        return evaluate(node.children[0] as Node, scope, source);
      }
      const parts = await Promise.all(node.children.map((child) => evaluate(child, scope, source)));
      return parts.map(toTemplateString).join('');
    }
    case 'tuple':
      return Promise.all(node.children.map((child) => evaluate(child, scope, source)));
    case 'object': {
      const result: Record<string, unknown> = {};
      for (let index = 0; index < node.children.length; index += 2) {
        const keyNode = node.children[index] as Node;
        const valueNode = node.children[index + 1] as Node;
        const key = await objectKey(keyNode, scope, source);
        if (Object.hasOwn(result, key)) throw new EvaluationError(`Duplicate object key "${key}".`);
        result[key] = await evaluate(valueNode, scope, source);
      }
      return result;
    }
    case 'scopeTraversal': {
      const meta = node.meta as TFExpressionSyntaxTree.ScopeTraversalExpressionMeta;
      const [root, ...rest] = meta.traversal;
      if (root?.type !== 'nameTraversal')
        throw new UnsupportedExpressionError(`Bad reference ${meta.value}.`);
      if (!Object.hasOwn(scope, root.segment)) {
        throw new EvaluationError(`Unknown reference "${meta.value}": "${root.segment}" is not in scope.`);
      }
      return traverse(scope[root.segment], rest, meta.value);
    }
    case 'relativeTraversal': {
      const meta = node.meta as TFExpressionSyntaxTree.RelativeTraversalExpressionMeta;
      const [sourceNode] = children(node, 1);
      // The anonymous source of a splat ([*].id) is an empty node; a parenthesized source has its expression.
      if ((sourceNode?.type as string) === '' && sourceNode?.children.length === 0)
        throw new UnsupportedExpressionError(`Splat expressions are not supported.`);
      return traverse(await evaluate(sourceNode as Node, scope, source), meta.traversal, meta.value);
    }
    case 'index': {
      const [collection, key] = children(node, 2);
      const keyValue = await evaluate(key as Node, scope, source);
      if (typeof keyValue !== 'string' && typeof keyValue !== 'number') {
        throw new EvaluationError(`Invalid index ${JSON.stringify(keyValue)}.`);
      }
      return step(await evaluate(collection as Node, scope, source), keyValue, node.meta.value);
    }
    case 'conditional': {
      const [condition, whenTrue, whenFalse] = children(node, 3);
      const test = asBool(await evaluate(condition as Node, scope, source), 'A condition');
      return evaluate((test ? whenTrue : whenFalse) as Node, scope, source);
    }
    case 'unaryOp': {
      const meta = node.meta as TFExpressionSyntaxTree.UnaryOpExpressionMeta;
      const operand = await evaluate(children(node, 1)[0] as Node, scope, source);
      if (meta.operator === 'logicalNot') return !asBool(operand, 'The operand of !');
      if (meta.operator === 'negate') return -asNumber(operand, 'The operand of -');
      throw new UnsupportedExpressionError(`Unsupported operator ${meta.operator}.`);
    }
    case 'binaryOp': {
      const meta = node.meta as TFExpressionSyntaxTree.BinaryOpExpressionMeta;
      const [leftNode, rightNode] = children(node, 2);
      const left = await evaluate(leftNode as Node, scope, source);
      const right = await evaluate(rightNode as Node, scope, source);
      return binary(meta.operator, left, right);
    }
    case 'function': {
      const meta = node.meta as TFExpressionSyntaxTree.FunctionCallMeta;
      if (String(meta.expandedFinalArgument) === 'true') {
        throw new UnsupportedExpressionError(`Expanded arguments (...) are not supported: ${meta.value}.`);
      }
      return callFunction(meta.name, node.children, scope, source);
    }
    case 'for':
      return evaluateFor(node as TFExpressionSyntaxTree.ForExpression, scope, source);
    // Parentheses, e.g. (var.a == null) == (var.b == null): the syntax tree wraps the inner expression in an
    // untyped node with that expression as its only child.
    case '' as Node['type']: {
      if (node.children.length !== 1)
        throw new UnsupportedExpressionError(`Unsupported expression ${node.meta?.value ?? ''}.`);
      return evaluate(node.children[0] as Node, scope, source);
    }
    default:
      throw new UnsupportedExpressionError(`Unsupported expression type "${(node as Node).type}".`);
  }
}

async function objectKey(keyNode: Node, scope: Scope, source: Buffer): Promise<string> {
  // A bare identifier key has no children; its text is the key.
  if (keyNode.children.length === 0) {
    return source.subarray(keyNode.range.start.byte, keyNode.range.end.byte).toString('utf8');
  }
  let inner = keyNode.children[0] as Node;
  while (inner.type === ('' as Node['type']) && inner.children.length === 1)
    inner = inner.children[0] as Node;
  const key = await evaluate(inner, scope, source);
  if (typeof key !== 'string')
    throw new EvaluationError(`Object keys must be strings, got ${JSON.stringify(key)}.`);
  return key;
}

function binary(operator: string, left: unknown, right: unknown): unknown {
  switch (operator) {
    case 'equal':
      return equal(left, right);
    case 'notEqual':
      return !equal(left, right);
    case 'logicalAnd':
      return asBool(left, 'The left operand of &&') && asBool(right, 'The right operand of &&');
    case 'logicalOr':
      return asBool(left, 'The left operand of ||') || asBool(right, 'The right operand of ||');
    case 'lessThan':
      return asNumber(left, 'The left operand of <') < asNumber(right, 'The right operand of <');
    case 'lessThanOrEqual':
      return asNumber(left, 'The left operand of <=') <= asNumber(right, 'The right operand of <=');
    case 'greaterThan':
      return asNumber(left, 'The left operand of >') > asNumber(right, 'The right operand of >');
    case 'greaterThanOrEqual':
      return asNumber(left, 'The left operand of >=') >= asNumber(right, 'The right operand of >=');
    case 'add':
      return asNumber(left, 'The left operand of +') + asNumber(right, 'The right operand of +');
    case 'subtract':
      return asNumber(left, 'The left operand of -') - asNumber(right, 'The right operand of -');
    case 'multiply':
      return asNumber(left, 'The left operand of *') * asNumber(right, 'The right operand of *');
    case 'divide':
      return asNumber(left, 'The left operand of /') / asNumber(right, 'The right operand of /');
    default:
      throw new UnsupportedExpressionError(`Unsupported operator ${operator}.`);
  }
}

/** Terraform iterates a map or object in lexical key order and a list in index order. */
async function entriesOf(collection: unknown): Promise<Array<[string | number, unknown]>> {
  const value = await resolve(collection);
  if (Array.isArray(value)) return value.map((item, index) => [index, item]);
  if (isObject(value)) {
    return Object.keys(value)
      .sort()
      .map((key) => [key, value[key]]);
  }
  throw new EvaluationError(
    `A for expression needs a list, set, map or object, got ${JSON.stringify(value)}.`,
  );
}

async function evaluateFor(node: TFExpressionSyntaxTree.ForExpression, scope: Scope, source: Buffer) {
  const meta = node.meta;
  if (String(meta.groupedValue) === 'true')
    throw new UnsupportedExpressionError('Grouping (...) is not supported.');
  const isObjectFor = Boolean(meta.keyExpression);
  const hasCondition = Boolean(meta.conditionalExpression);
  const [collectionNode, ...rest] = node.children;
  const keyNode = isObjectFor ? rest.shift() : undefined;
  const valueNode = rest.shift();
  const conditionNode = hasCondition ? rest.shift() : undefined;
  if (!collectionNode || !valueNode || (isObjectFor && !keyNode) || (hasCondition && !conditionNode)) {
    throw new UnsupportedExpressionError(`Unexpected shape of ${meta.value}.`);
  }

  const tuple: unknown[] = [];
  const object: Record<string, unknown> = {};
  for (const [key, item] of await entriesOf(await evaluate(collectionNode, scope, source))) {
    const inner: Scope = { ...scope, [meta.valVar]: await resolve(item) };
    if (meta.keyVar) inner[meta.keyVar] = key;
    if (conditionNode && !asBool(await evaluate(conditionNode, inner, source), 'A for condition')) continue;
    const value = await evaluate(valueNode, inner, source);
    if (!isObjectFor) {
      tuple.push(value);
      continue;
    }
    const resultKey = await evaluate(keyNode as Node, inner, source);
    if (typeof resultKey !== 'string') throw new EvaluationError('For expression keys must be strings.');
    if (Object.hasOwn(object, resultKey))
      throw new EvaluationError(`Duplicate key "${resultKey}" in ${meta.value}.`);
    object[resultKey] = value;
  }
  return isObjectFor ? object : tuple;
}

/** RE2 named groups (?P<name>...) are written (?<name>...) in JavaScript. */
function toJavaScriptRegExp(pattern: string): RegExp {
  return new RegExp(pattern.replaceAll('(?P<', '(?<'), 'u');
}

function asString(value: unknown, what: string): string {
  if (typeof value !== 'string')
    throw new EvaluationError(`${what} must be a string, got ${JSON.stringify(value)}.`);
  return value;
}

function asList(value: unknown, what: string): unknown[] {
  if (!Array.isArray(value))
    throw new EvaluationError(`${what} must be a list, got ${JSON.stringify(value)}.`);
  return value;
}

function asMap(value: unknown, what: string): Record<string, unknown> {
  if (!isObject(value))
    throw new EvaluationError(`${what} must be a map or object, got ${JSON.stringify(value)}.`);
  return value;
}

function distinct(values: unknown[]): unknown[] {
  const result: unknown[] = [];
  for (const value of values) if (!result.some((seen) => equal(seen, value))) result.push(value);
  return result;
}

function flatten(values: unknown[]): unknown[] {
  return values.flatMap((value) => (Array.isArray(value) ? flatten(value) : [value]));
}

/** jsonencode writes object keys in lexical order. */
function jsonEncode(value: unknown): string {
  return JSON.stringify(canonical(value));
}

/**
 * fileset(path, pattern): the files under `path` (relative to it, sorted) that match the pattern, with the
 * pattern syntax this repository uses: `**` for any directories, `*` within a name, `{a,b}` alternatives.
 */
function fileset(root: string, pattern: string): string[] {
  const source = pattern
    .replace(/[.+^$()|[\]\\]/g, '\\$&')
    .replace(/\{([^}]*)\}/g, (_, alternatives: string) => `(?:${alternatives.split(',').join('|')})`)
    .replace(/\*\*\//g, '\u0000')
    .replace(/\*/g, '[^/]*')
    .replaceAll('\u0000', '(?:.*/)?');
  const matcher = new RegExp(`^${source}$`);
  const found: string[] = [];
  const visit = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = resolvePath(dir, entry.name);
      if (entry.isDirectory()) visit(path);
      else if (matcher.test(relative(root, path))) found.push(relative(root, path));
    }
  };
  visit(root);
  return found.sort();
}

async function callFunction(
  name: string,
  argumentNodes: Node[],
  scope: Scope,
  source: Buffer,
): Promise<unknown> {
  // try and can must see the failure of their argument, so they evaluate it themselves.
  if (name === 'try') {
    let lastError: unknown;
    for (const argument of argumentNodes) {
      try {
        return await evaluate(argument, scope, source);
      } catch (error) {
        if (error instanceof UnsupportedExpressionError) throw error;
        lastError = error;
      }
    }
    throw new EvaluationError(`No argument of try() succeeded: ${String(lastError)}`);
  }
  if (name === 'can') {
    try {
      await evaluate(argumentNodes[0] as Node, scope, source);
      return true;
    } catch (error) {
      if (error instanceof UnsupportedExpressionError) throw error;
      return false;
    }
  }

  const args = await Promise.all(argumentNodes.map((argument) => evaluate(argument, scope, source)));
  const arg = (index: number): unknown => args[index];
  switch (name) {
    case 'regex': {
      const pattern = asString(arg(0), 'regex pattern');
      const match = toJavaScriptRegExp(pattern).exec(asString(arg(1), 'regex string'));
      if (!match) throw new EvaluationError(`regex: pattern ${pattern} did not match ${String(arg(1))}.`);
      if (match.groups) return { ...match.groups };
      return match.length > 1 ? match.slice(1).map((group) => group ?? null) : match[0];
    }
    case 'startswith':
      return asString(arg(0), 'startswith string').startsWith(asString(arg(1), 'startswith prefix'));
    case 'endswith':
      return asString(arg(0), 'endswith string').endsWith(asString(arg(1), 'endswith suffix'));
    case 'trimprefix': {
      const text = asString(arg(0), 'trimprefix string');
      const prefix = asString(arg(1), 'trimprefix prefix');
      return text.startsWith(prefix) ? text.slice(prefix.length) : text;
    }
    case 'trimsuffix': {
      const text = asString(arg(0), 'trimsuffix string');
      const suffix = asString(arg(1), 'trimsuffix suffix');
      return suffix && text.endsWith(suffix) ? text.slice(0, -suffix.length) : text;
    }
    case 'lower':
      return asString(arg(0), 'lower string').toLowerCase();
    case 'upper':
      return asString(arg(0), 'upper string').toUpperCase();
    case 'split':
      return asString(arg(1), 'split string').split(asString(arg(0), 'split separator'));
    case 'tostring': {
      const value = arg(0);
      if (typeof value === 'string' || value === null) return value;
      if (typeof value === 'number' || typeof value === 'boolean') return String(value);
      throw new EvaluationError(`tostring: cannot convert ${JSON.stringify(value)} to a string.`);
    }
    case 'file':
      // Relative paths resolve from the directory Terraform runs in: the tests stand in infra/terraform, the
      // directory path.module is relative to (see evaluate-stack.ts).
      try {
        return readFileSync(resolvePath(terraformRoot, asString(arg(0), 'file path')), 'utf8');
      } catch (error) {
        throw new EvaluationError(`file: ${String(error)}`);
      }
    case 'setsubtract': {
      const remove = asList(arg(1), 'setsubtract second set');
      return asList(arg(0), 'setsubtract first set').filter((item) => !remove.includes(item));
    }
    case 'fileset':
      return fileset(
        resolvePath(terraformRoot, asString(arg(0), 'fileset path')),
        asString(arg(1), 'fileset pattern'),
      );
    case 'range': {
      // range(limit), range(start, limit) or range(start, limit, step); only whole-number steps are used here.
      const [start, limit, step] =
        args.length === 1
          ? [0, asNumber(arg(0), 'range limit'), 1]
          : [
              asNumber(arg(0), 'range start'),
              asNumber(arg(1), 'range limit'),
              args.length > 2 ? asNumber(arg(2), 'range step') : 1,
            ];
      if (step === 0) throw new EvaluationError('range: step must not be zero.');
      const numbers: number[] = [];
      for (let value = start; step > 0 ? value < limit : value > limit; value += step) numbers.push(value);
      return numbers;
    }
    case 'chunklist': {
      const list = asList(arg(0), 'chunklist list');
      const size = asNumber(arg(1), 'chunklist size');
      if (!Number.isInteger(size) || size < 0)
        throw new EvaluationError('chunklist: size must be a whole number >= 0.');
      if (size === 0) return [list];
      const chunks: unknown[][] = [];
      for (let index = 0; index < list.length; index += size) chunks.push(list.slice(index, index + size));
      return chunks;
    }
    case 'join':
      return asList(arg(1), 'join list')
        .map((item) => asString(item, 'join element'))
        .join(asString(arg(0), 'join separator'));
    case 'length': {
      const value = arg(0);
      if (typeof value === 'string') return [...value].length;
      if (Array.isArray(value)) return value.length;
      return Object.keys(asMap(value, 'length argument')).length;
    }
    case 'contains':
      return asList(arg(0), 'contains list').some((item) => equal(item, arg(1)));
    case 'keys':
      return Object.keys(asMap(arg(0), 'keys argument')).sort();
    case 'values': {
      const map = asMap(arg(0), 'values argument');
      return Object.keys(map)
        .sort()
        .map((key) => map[key]);
    }
    case 'lookup': {
      const map = asMap(arg(0), 'lookup map');
      const key = asString(arg(1), 'lookup key');
      if (Object.hasOwn(map, key)) return map[key];
      if (args.length < 3) throw new EvaluationError(`lookup: no key "${key}" and no default.`);
      return arg(2);
    }
    case 'merge':
      return Object.assign(
        {},
        ...args.filter((item) => item !== null).map((item) => asMap(item, 'merge argument')),
      );
    case 'concat':
      return args.flatMap((item) => asList(item, 'concat argument'));
    case 'flatten':
      return flatten(asList(arg(0), 'flatten argument'));
    case 'distinct':
      return distinct(asList(arg(0), 'distinct argument'));
    case 'sort':
      return asList(arg(0), 'sort argument')
        .map((item) => asString(item, 'sort element'))
        .sort();
    case 'toset':
      return distinct(asList(arg(0), 'toset argument')).sort();
    case 'tolist':
      return asList(arg(0), 'tolist argument');
    case 'compact':
      return asList(arg(0), 'compact argument').filter((item) => item !== null && item !== '');
    case 'alltrue':
      return asList(arg(0), 'alltrue argument').every((item) => asBool(item, 'alltrue element'));
    case 'anytrue':
      return asList(arg(0), 'anytrue argument').some((item) => asBool(item, 'anytrue element'));
    case 'coalesce': {
      const found = args.find((item) => item !== null && item !== '');
      if (found === undefined) throw new EvaluationError('coalesce: no non-null, non-empty argument.');
      return found;
    }
    case 'floor':
      return Math.floor(asNumber(arg(0), 'floor argument'));
    case 'jsonencode':
      return jsonEncode(arg(0));
    case 'jsondecode':
      try {
        return JSON.parse(asString(arg(0), 'jsondecode argument'));
      } catch (error) {
        throw new EvaluationError(`jsondecode: ${String(error)}`);
      }
    default:
      throw new UnsupportedExpressionError(`The evaluator does not implement the function ${name}().`);
  }
}
