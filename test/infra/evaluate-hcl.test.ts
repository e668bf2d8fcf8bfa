import { parse } from '@cdktf/hcl2json';
import { describe, expect, it } from 'vitest';
import {
  EvaluationError,
  evaluateAttribute,
  evaluateSource,
  Lazy,
  UnsupportedExpressionError,
} from './evaluate-hcl.js';
import { expressionSource } from './load-terraform.js';

// The evaluator is only worth something if it agrees with Terraform on the constructs the modules use.
// Each expectation below is Terraform's documented behaviour for that construct.

describe('evaluateSource', () => {
  it('unescapes string literals the way HCL does', async () => {
    // Prepare
    const source = `"^(us|eu)\\\\.(.+)$ \\"q\\" $\${not_interpolated}"`;

    // Act
    const value = await evaluateSource(source, {});

    // Assess
    expect(value).toBe(`^(us|eu)\\.(.+)$ "q" \${not_interpolated}`);
  });

  it('interpolates references and returns the raw value of a lone interpolation', async () => {
    const scope = { var: { region: 'eu-west-1', ids: ['a', 'b'] } };

    expect(await evaluateSource(`"arn:\${var.region}:x"`, scope)).toBe('arn:eu-west-1:x');
    expect(await evaluateSource(`"\${var.ids}"`, scope)).toEqual(['a', 'b']);
  });

  it('iterates maps in key order, filters with if, and builds objects', async () => {
    const scope = { var: { models: { zeta: { id: 'z' }, alpha: { id: 'a' }, mid: { id: 'm' } } } };

    const list = await evaluateSource(
      `[for alias, model in var.models : "\${alias}=\${model.id}" if alias != "mid"]`,
      scope,
    );
    const object = await evaluateSource('{ for alias, model in var.models : model.id => alias }', scope);

    expect(list).toEqual(['alpha=a', 'zeta=z']);
    expect(object).toEqual({ a: 'alpha', m: 'mid', z: 'zeta' });
  });

  it('returns the capture groups of regex, fails on no match, and lets try and can catch that', async () => {
    const pattern = String.raw`"^(us|global)\\.(.+)$"`;

    expect(await evaluateSource(`regex(${pattern}, "us.meta.llama")`, {})).toEqual(['us', 'meta.llama']);
    expect(await evaluateSource(`regex(${pattern}, "us.meta.llama")[1]`, {})).toBe('meta.llama');
    await expect(evaluateSource(`regex(${pattern}, "meta.llama")`, {})).rejects.toThrow(EvaluationError);
    expect(await evaluateSource(`try(regex(${pattern}, "meta.llama")[0], null)`, {})).toBeNull();
    expect(await evaluateSource(`can(regex(${pattern}, "meta.llama"))`, {})).toBe(false);
  });

  it('evaluates only the chosen branch of a conditional', async () => {
    const scope = { var: { custom_domain: null } };

    const value = await evaluateSource(
      'var.custom_domain == null ? "none" : var.custom_domain.domain_name',
      scope,
    );

    expect(value).toBe('none');
    await expect(evaluateSource('var.custom_domain.domain_name', scope)).rejects.toThrow(EvaluationError);
  });

  it('evaluates parenthesized expressions, with the precedence the parentheses give', async () => {
    const scope = { var: { api: null, stage: 'prod', list: [{ id: 'a' }] } };

    expect(await evaluateSource('(var.api == null) == (var.stage == null)', scope)).toBe(false);
    expect(await evaluateSource('(1 + 2) * 3', scope)).toBe(9);
    expect(await evaluateSource('!(true && false)', scope)).toBe(true);
    expect(await evaluateSource('(var.list)[0].id', scope)).toBe('a');
  });

  it('evaluates both operands of && so configuration never relies on short-circuiting', async () => {
    await expect(evaluateSource('false && var.missing', { var: {} })).rejects.toThrow(EvaluationError);
  });

  it('implements the collection functions with Terraform semantics', async () => {
    const scope = { var: { ids: ['b', 'a', 'b'], map: { y: 2, x: 1 } } };

    expect(await evaluateSource('distinct(var.ids)', scope)).toEqual(['b', 'a']);
    expect(await evaluateSource('sort(distinct(var.ids))', scope)).toEqual(['a', 'b']);
    expect(await evaluateSource('keys(var.map)', scope)).toEqual(['x', 'y']);
    expect(await evaluateSource('values(var.map)', scope)).toEqual([1, 2]);
    expect(await evaluateSource('flatten([["a"], [], [["b"]]])', scope)).toEqual(['a', 'b']);
    expect(await evaluateSource('concat(["a"], ["b"])', scope)).toEqual(['a', 'b']);
    expect(await evaluateSource('coalesce(null, "", "x")', scope)).toBe('x');
    expect(await evaluateSource('contains(["a"], "b")', scope)).toBe(false);
    expect(await evaluateSource('alltrue([])', scope)).toBe(true);
    expect(await evaluateSource('merge({ a = 1, b = 1 }, { b = 2 })', scope)).toEqual({ a: 1, b: 2 });
  });

  it('splits strings, converts to strings, counts with range and chunks lists the way Terraform does', async () => {
    expect(await evaluateSource('split(":", "arn:aws:bedrock:us-east-1")', {})).toEqual([
      'arn',
      'aws',
      'bedrock',
      'us-east-1',
    ]);
    expect(await evaluateSource('split(",", "")', {})).toEqual(['']);
    expect(await evaluateSource('tostring(1 + 1)', {})).toBe('2');
    expect(await evaluateSource('tostring(null)', {})).toBeNull();
    expect(await evaluateSource('chunklist(["a", "b", "c"], 2)', {})).toEqual([['a', 'b'], ['c']]);
    expect(await evaluateSource('chunklist([], 2)', {})).toEqual([]);
    expect(await evaluateSource('chunklist(["a"], 0)', {})).toEqual([['a']]);
    expect(await evaluateSource('chunklist(range(5), 2)', {})).toEqual([[0, 1], [2, 3], [4]]);
    expect(await evaluateSource('range(0)', {})).toEqual([]);
    expect(await evaluateSource('range(1, 7, 3)', {})).toEqual([1, 4]);
    expect(await evaluateSource('range(3, 0, -1)', {})).toEqual([3, 2, 1]);
    await expect(evaluateSource('tostring(["a"])', {})).rejects.toThrow(EvaluationError);
  });

  it('reads files relative to infra/terraform, where the tests stand in for terraform', async () => {
    const text = await evaluateSource(`file("\${path.module}/versions.tf")`, { path: { module: '.' } });

    expect(String(text)).toContain('required_providers');
    await expect(evaluateSource('file("no-such-file.json")', {})).rejects.toThrow(EvaluationError);
  });

  it('writes jsonencode object keys in lexical order', async () => {
    expect(await evaluateSource('jsonencode({ b = 1, a = [true, null] })', {})).toBe(
      '{"a":[true,null],"b":1}',
    );
  });

  it('resolves lazy values such as locals that refer to other locals', async () => {
    const local: Record<string, unknown> = {};
    const scope = { local };
    local.first = new Lazy(() => evaluateSource(`"\${local.second}-1"`, scope));
    local.second = new Lazy(async () => 'two');

    expect(await evaluateSource('local.first', scope)).toBe('two-1');
  });

  it('refuses what it does not implement instead of guessing', async () => {
    await expect(evaluateSource('cidrsubnet("10.0.0.0/16", 8, 1)', {})).rejects.toThrow(
      UnsupportedExpressionError,
    );
    await expect(evaluateSource('var.list[*].id', { var: { list: [] } })).rejects.toThrow(
      UnsupportedExpressionError,
    );
    await expect(evaluateSource('unknown_root.x', {})).rejects.toThrow(EvaluationError);
  });
});

describe('evaluateAttribute', () => {
  it('evaluates attribute values as hcl2json returns them', async () => {
    // Prepare
    const parsed = await parse(
      'sample.tf',
      [
        'locals {',
        '  plain    = "lambda.amazonaws.com"',
        `  template = "\${var.arn}:*"`,
        `  list     = ["a", "\${var.arn}", 3]`,
        `  nested   = { "q-k" = "\${upper("x")}", n = 1 }`,
        '  pattern  = "^a\\\\.b$"',
        '}',
      ].join('\n'),
    );
    const locals = (parsed.locals as Array<Record<string, unknown>>)[0] ?? {};
    const scope = { var: { arn: 'arn:aws:logs:x' } };

    // Act
    const values = Object.fromEntries(
      await Promise.all(
        Object.entries(locals).map(async ([name, value]) => [name, await evaluateAttribute(value, scope)]),
      ),
    );

    // Assess
    expect(values).toEqual({
      plain: 'lambda.amazonaws.com',
      template: 'arn:aws:logs:x:*',
      list: ['a', 'arn:aws:logs:x', 3],
      nested: { 'q-k': 'X', n: 1 },
      pattern: '^a\\.b$',
    });
    expect(expressionSource(locals.template)).toBe(`"\${var.arn}:*"`);
  });
});
