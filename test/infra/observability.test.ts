import { describe, expect, it } from 'vitest';
import {
  ERROR_CLASS_DIMENSION,
  GATEWAY_METRICS,
  METRIC_DIMENSIONS,
  METRICS_NAMESPACE,
} from '../../src/http/gateway-metrics.js';
import { evaluateAttribute, moduleScope } from './evaluate-hcl.js';
import {
  ACCOUNT_ID,
  child,
  evaluateStack,
  OBSERVABILITY_ALARMS,
  REGION,
  type Stack,
} from './evaluate-stack.js';
import { type Body, loadAllModules, MODULE_META_ARGUMENTS, type TerraformModule } from './load-terraform.js';

// The dashboard and alarms only work if they ask CloudWatch for exactly what the gateway writes: the metric
// names, namespace and dimension sets of src/http/gateway-metrics.ts, and the service name the function sets.
// These tests evaluate the module's real expressions (dashboard_body is its jsonencode) and read every metric
// the dashboard plots back out of the JSON: metric arrays, SEARCH expressions and Metrics Insights queries.

const modules = await loadAllModules();
const observabilityModule = modules['modules/observability'] as TerraformModule;
const defaultStack = await evaluateStack();

/** What Metrics Insights can aggregate with; it has no percentiles. */
const INSIGHTS_FUNCTIONS = ['SUM', 'AVG', 'MIN', 'MAX', 'COUNT'];

/** One series (or set of series) a graph or an alarm asks CloudWatch for. */
interface MetricReference {
  source: 'metric' | 'search' | 'insights';
  namespace: string;
  metric: string;
  /** The dimension names of the series: explicit ones for a metric array, the schema for SEARCH and Insights. */
  dimensions: string[];
  /** Dimension values the series are filtered on. */
  filters: Record<string, string>;
  /** Insights GROUP BY dimensions. */
  groupBy: string[];
  /** Statistic (metric array, SEARCH) or aggregate function (Insights). */
  statistic: string;
}

function unquote(name: string): string {
  const trimmed = name.trim();
  return trimmed.startsWith('"') ? (JSON.parse(trimmed) as string) : trimmed;
}

/** Parses `SELECT FN(Metric) FROM SCHEMA("ns", d1, ...) [WHERE d = 'v' AND ...] [GROUP BY d, ...]`, strictly. */
function parseInsightsQuery(query: string): MetricReference {
  const match =
    /^SELECT (\w+)\((\w+)\) FROM SCHEMA\(("[^"]+"|[^,"]+)((?:, *\w+)*)\)(?: WHERE (.+?))?(?: GROUP BY (\w+(?:, *\w+)*))?$/.exec(
      query.trim(),
    );
  if (!match) throw new Error(`Not a Metrics Insights query this test understands: ${query}`);
  const [, statistic, metric, namespace, schema, where, groupBy] = match as unknown as string[];
  const filters: Record<string, string> = {};
  for (const condition of where ? where.split(' AND ') : []) {
    const filter = /^(\w+) = '([^']*)'$/.exec(condition);
    if (!filter) throw new Error(`Unexpected WHERE condition "${condition}" in ${query}`);
    filters[filter[1] as string] = filter[2] as string;
  }
  return {
    source: 'insights',
    namespace: unquote(namespace as string),
    metric: metric as string,
    dimensions: (schema ?? '')
      .split(',')
      .map((name) => name.trim())
      .filter(Boolean),
    filters,
    groupBy: groupBy ? groupBy.split(',').map((name) => name.trim()) : [],
    statistic: statistic as string,
  };
}

/** Parses `SEARCH('{ns,d1,...} MetricName="X" d="v" ...', 'stat'[, period])`, strictly. */
function parseSearchExpression(expression: string): MetricReference {
  const match = /^SEARCH\('\{([^}]*)\}((?: \w+="[^"]*")*)', '([\w.]+)'(?:, \d+)?\)$/.exec(expression.trim());
  if (!match) throw new Error(`Not a SEARCH expression this test understands: ${expression}`);
  const [, schema, terms, statistic] = match as unknown as string[];
  const [namespace, ...dimensions] = (schema as string).split(',').map(unquote);
  const filters: Record<string, string> = {};
  for (const [, name, value] of (terms as string).matchAll(/(\w+)="([^"]*)"/g)) {
    filters[name as string] = value as string;
  }
  const { MetricName: metric, ...dimensionFilters } = filters;
  if (!metric) throw new Error(`SEARCH without an exact MetricName: ${expression}`);
  return {
    source: 'search',
    namespace: namespace as string,
    metric,
    dimensions,
    filters: dimensionFilters,
    groupBy: [],
    statistic: statistic as string,
  };
}

interface Graph {
  title: string;
  region: unknown;
  references: MetricReference[];
  /** Math expressions and the ids of the graph's rows they refer to. */
  math: Array<{ expression: string; refersTo: string[]; ids: string[] }>;
}

/** Every metric a dashboard graph plots, read from its `metrics` rows. */
function readGraph(properties: Record<string, unknown>): Graph {
  const rows = (properties.metrics ?? []) as unknown[][];
  const graph: Graph = {
    title: String(properties.title),
    region: properties.region,
    references: [],
    math: [],
  };
  const ids = rows.flatMap((row) => {
    const first = row[0] as { id?: string };
    return typeof first === 'object' && first.id ? [first.id] : [];
  });
  for (const row of rows) {
    const [first] = row;
    if (typeof first === 'string') {
      // [namespace, metric, dimension, value, ..., { stat }]
      const options = (typeof row.at(-1) === 'object' ? row.at(-1) : {}) as { stat?: string };
      const pairs = row.slice(2, typeof row.at(-1) === 'object' ? -1 : undefined) as string[];
      if (pairs.length % 2 !== 0) throw new Error(`Odd dimension list in ${JSON.stringify(row)}`);
      const filters: Record<string, string> = {};
      for (let index = 0; index < pairs.length; index += 2) {
        filters[pairs[index] as string] = pairs[index + 1] as string;
      }
      graph.references.push({
        source: 'metric',
        namespace: first,
        metric: String(row[1]),
        dimensions: Object.keys(filters),
        filters,
        groupBy: [],
        statistic: options.stat ?? String(properties.stat ?? 'Average'),
      });
      continue;
    }
    const { expression } = first as { expression: string };
    if (/^SELECT /.test(expression)) graph.references.push(parseInsightsQuery(expression));
    else if (/^SEARCH\(/.test(expression)) graph.references.push(parseSearchExpression(expression));
    else {
      graph.math.push({
        expression,
        refersTo: [...expression.matchAll(/\b[a-z]\w*\b/g)].map(([id]) => id),
        ids,
      });
    }
  }
  return graph;
}

/** The dashboard body the module renders, parsed. */
async function renderedDashboard(stack: Stack = defaultStack) {
  const observability = child(stack, 'observability');
  const body = observability.module.resources.aws_cloudwatch_dashboard?.this as Body;
  const json = await evaluateAttribute(body.dashboard_body, observability.scope);
  return JSON.parse(String(json)) as {
    widgets: Array<{ type: string; properties: Record<string, unknown> }>;
  };
}

async function dashboardGraphs(stack: Stack = defaultStack): Promise<Graph[]> {
  const dashboard = await renderedDashboard(stack);
  return dashboard.widgets
    .filter((widget) => widget.type === 'metric')
    .map((widget) => readGraph(widget.properties));
}

const graphs = await dashboardGraphs();
const plotted = graphs.flatMap((graph) => graph.references);
const gatewayPlotted = plotted.filter((reference) => !reference.namespace.startsWith('AWS/'));

/** What the root module gives the function, read where the function gets it. */
async function lambdaEnvironment(stack: Stack = defaultStack): Promise<Record<string, string>> {
  const lambda = child(stack, 'lambda');
  const blocks = lambda.module.resources.aws_lambda_function?.this?.environment as Body[] | undefined;
  const environment = blocks?.[0];
  if (!environment) throw new Error('modules/lambda has no aws_lambda_function.this environment block.');
  return (await evaluateAttribute(environment.variables, lambda.scope)) as Record<string, string>;
}

async function input(stack: Stack, module: string, name: string): Promise<unknown> {
  const value = child(stack, module).inputs[name];
  if (!value) throw new Error(`module "${module}" is not given "${name}".`);
  return value.get();
}

function alarm(name: string): Body {
  const body = observabilityModule.resources.aws_cloudwatch_metric_alarm?.[name];
  if (!body) throw new Error(`modules/observability has no aws_cloudwatch_metric_alarm.${name}.`);
  return body;
}

async function alarmQueries(name: string, stack: Stack = defaultStack) {
  const { scope } = child(stack, 'observability');
  const queries = (alarm(name).metric_query ?? []) as Body[];
  return Promise.all(
    queries.map(async (query) => ({
      id: String(query.id),
      expression: String(await evaluateAttribute(query.expression, scope)),
      period: query.period === undefined ? undefined : await evaluateAttribute(query.period, scope),
      returnData: query.return_data,
    })),
  );
}

describe('the dashboard against the metrics contract (src/http/gateway-metrics.ts)', () => {
  it('plots only metrics of the contract in its namespace, besides AWS/Lambda and AWS/ApiGateway', () => {
    const contract = Object.keys(GATEWAY_METRICS);

    expect(gatewayPlotted.length).toBeGreaterThan(10);
    for (const reference of plotted) {
      if (reference.namespace.startsWith('AWS/')) {
        expect(['AWS/Lambda', 'AWS/ApiGateway']).toContain(reference.namespace);
        continue;
      }
      expect(reference.namespace, reference.metric).toBe(METRICS_NAMESPACE);
      expect(contract, `${reference.metric} is not a gateway metric`).toContain(reference.metric);
    }
  });

  it('plots every metric of the contract', () => {
    const metrics = new Set(gatewayPlotted.map((reference) => reference.metric));

    expect([...metrics].sort()).toEqual(Object.keys(GATEWAY_METRICS).sort());
  });

  it('uses exactly the dimension sets the gateway emits: [service, Model, Route], plus ErrorClass on Errors', () => {
    for (const reference of gatewayPlotted) {
      const expected: string[] =
        reference.metric === 'Errors'
          ? [...METRIC_DIMENSIONS, ERROR_CLASS_DIMENSION]
          : [...METRIC_DIMENSIONS];

      expect([...reference.dimensions].sort(), reference.metric).toEqual([...expected].sort());
      for (const name of [...Object.keys(reference.filters), ...reference.groupBy]) {
        expect(reference.dimensions, `${reference.metric} filters or groups by ${name}`).toContain(name);
      }
      if (reference.filters[ERROR_CLASS_DIMENSION] !== undefined) {
        expect(['4xx', '5xx']).toContain(reference.filters[ERROR_CLASS_DIMENSION]);
      }
    }
  });

  it('filters every gateway series on the service and namespace the function sets for Powertools', async () => {
    // Prepare
    const environment = await lambdaEnvironment();

    // Act
    const services = new Set(gatewayPlotted.map((reference) => reference.filters.service));

    // Assess
    expect(environment.POWERTOOLS_METRICS_NAMESPACE).toBe(METRICS_NAMESPACE);
    expect([...services]).toEqual([environment.POWERTOOLS_SERVICE_NAME]);
    expect(environment.POWERTOOLS_SERVICE_NAME).toBe('bedrock-gateway');
  });

  it('follows name_prefix into the service filter, as the function does', async () => {
    const stack = await evaluateStack({ name_prefix: 'llm-gw' });
    const environment = await lambdaEnvironment(stack);
    const references = (await dashboardGraphs(stack)).flatMap((graph) => graph.references);

    expect(environment.POWERTOOLS_SERVICE_NAME).toBe('llm-gw');
    for (const reference of references.filter((item) => !item.namespace.startsWith('AWS/'))) {
      expect(reference.filters.service, reference.metric).toBe('llm-gw');
    }
  });

  it('draws percentiles with SEARCH and sums with Metrics Insights, which has no percentiles', () => {
    const percentiles = (metric: string) =>
      gatewayPlotted
        .filter((reference) => reference.metric === metric && reference.source === 'search')
        .map((reference) => reference.statistic)
        .sort();

    for (const reference of gatewayPlotted.filter((item) => item.source === 'insights')) {
      expect(INSIGHTS_FUNCTIONS, reference.metric).toContain(reference.statistic);
    }
    expect(percentiles('Latency')).toEqual(['p50', 'p99']);
    expect(percentiles('TimeToFirstByte')).toEqual(['p50', 'p99']);
  });

  it('shows service-wide requests and errors, and the counters per model', () => {
    const insights = gatewayPlotted.filter((reference) => reference.source === 'insights');
    const grouped = (metric: string, by: string) =>
      insights.some((reference) => reference.metric === metric && reference.groupBy.join() === by);

    expect(
      insights.some((reference) => reference.metric === 'Requests' && reference.groupBy.length === 0),
    ).toBe(true);
    expect(grouped('Errors', 'ErrorClass')).toBe(true);
    const perModel = [
      'Requests',
      'InputTokens',
      'OutputTokens',
      'CostMicroUsd',
      'Throttles',
      'Fallbacks',
      'RetryAttempts',
    ];
    for (const metric of perModel) expect(grouped(metric, 'Model'), metric).toBe(true);
  });

  it('plots the function’s duration, concurrency, errors and throttles, and the stage’s errors and latency', async () => {
    // Prepare
    const functionName = await child(defaultStack, 'lambda').outputs.function_name?.get();
    const apiName = await input(defaultStack, 'api_gateway', 'name');
    const stageName = await child(defaultStack, 'api_gateway').outputs.stage_name?.get();
    const of = (namespace: string) => plotted.filter((reference) => reference.namespace === namespace);

    // Act
    const lambda = of('AWS/Lambda');
    const apiGateway = of('AWS/ApiGateway');

    // Assess
    expect(lambda.map((reference) => `${reference.metric}:${reference.statistic}`).sort()).toEqual([
      'ConcurrentExecutions:Maximum',
      'Duration:p50',
      'Duration:p99',
      'Errors:Sum',
      'Throttles:Sum',
    ]);
    for (const reference of lambda) expect(reference.filters).toEqual({ FunctionName: functionName });
    expect(apiGateway.map((reference) => reference.metric).sort()).toEqual([
      '4XXError',
      '5XXError',
      'IntegrationLatency',
      'Latency',
    ]);
    for (const reference of apiGateway)
      expect(reference.filters).toEqual({ ApiName: apiName, Stage: stageName });
    expect(new Set(graphs.map((graph) => graph.region))).toEqual(new Set([REGION]));
  });

  it('refers in math expressions only to queries of the same graph', () => {
    const math = graphs.flatMap((graph) => graph.math);

    expect(math.length).toBeGreaterThan(0);
    for (const { expression, refersTo, ids } of math) {
      expect(refersTo.length, expression).toBeGreaterThan(0);
      for (const id of refersTo) expect(ids, expression).toContain(id);
    }
  });

  it('leaves the API Gateway graphs out without api_name', async () => {
    // Prepare
    const scope = moduleScope(observabilityModule, {
      variables: { name: 'gw', region: 'eu-west-1', function_name: 'gw', api_name: null, stage_name: null },
    });
    const body = observabilityModule.resources.aws_cloudwatch_dashboard?.this as Body;

    // Act
    const dashboard = JSON.parse(String(await evaluateAttribute(body.dashboard_body, scope))) as {
      widgets: Array<{ type: string; properties: Record<string, unknown> }>;
    };
    const references = dashboard.widgets
      .filter((widget) => widget.type === 'metric')
      .flatMap((widget) => readGraph(widget.properties).references);

    // Assess
    expect(references.filter((reference) => reference.namespace === 'AWS/ApiGateway')).toEqual([]);
    expect(references.filter((reference) => reference.namespace === 'AWS/Lambda').length).toBe(5);
  });
});

describe('the alarms', () => {
  it('are the 5xx rate, throttles, p99 latency and Lambda errors alarms, treating missing data as not breaching', async () => {
    const { scope } = child(defaultStack, 'observability');

    expect(Object.keys(observabilityModule.resources.aws_cloudwatch_metric_alarm ?? {}).sort()).toEqual(
      [...OBSERVABILITY_ALARMS].sort(),
    );
    for (const name of OBSERVABILITY_ALARMS) {
      expect(await evaluateAttribute(alarm(name).count, scope), name).toBe(1);
      expect(alarm(name).treat_missing_data, name).toBe('notBreaching');
      expect(await evaluateAttribute(alarm(name).alarm_name, scope), name).toMatch(/^bedrock-gateway-/);
    }
  });

  it('5xx rate: divides service-wide 5xx errors by requests, two Metrics Insights queries of one series each', async () => {
    // Prepare
    const { scope } = child(defaultStack, 'observability');

    // Act
    const queries = await alarmQueries('five_xx_rate');
    const returned = queries.filter((query) => query.returnData === true);
    const inputs = queries.filter((query) => query.returnData === false);
    const parsed = Object.fromEntries(
      inputs.map((query) => [query.id, parseInsightsQuery(query.expression)]),
    );

    // Assess: one returned expression, over exactly the two queries
    expect(returned.length).toBe(1);
    const [rate] = returned;
    expect(rate?.expression).toBe('IF(requests >= 10, 100 * FILL(errors_5xx, 0) / requests, 0)');
    expect(rate?.period).toBeUndefined();
    expect(Object.keys(parsed).sort()).toEqual(['errors_5xx', 'requests']);
    expect(parsed.errors_5xx).toMatchObject({
      namespace: METRICS_NAMESPACE,
      metric: 'Errors',
      statistic: 'SUM',
      filters: { service: 'bedrock-gateway', [ERROR_CLASS_DIMENSION]: '5xx' },
      groupBy: [],
    });
    expect(parsed.requests).toMatchObject({
      namespace: METRICS_NAMESPACE,
      metric: 'Requests',
      statistic: 'SUM',
      filters: { service: 'bedrock-gateway' },
      groupBy: [],
    });
    expect([...(parsed.errors_5xx?.dimensions ?? [])].sort()).toEqual(
      [...METRIC_DIMENSIONS, ERROR_CLASS_DIMENSION].sort(),
    );
    expect([...(parsed.requests?.dimensions ?? [])].sort()).toEqual([...METRIC_DIMENSIONS].sort());
    for (const query of inputs) expect(query.period, query.id).toBe(60);
    expect(await evaluateAttribute(alarm('five_xx_rate').threshold, scope)).toBe(5);
    expect(alarm('five_xx_rate').comparison_operator).toBe('GreaterThanThreshold');
  });

  it('throttles: sums the Throttles metric service-wide in one Metrics Insights query', async () => {
    const queries = await alarmQueries('throttles');

    expect(queries.length).toBe(1);
    expect(queries[0]?.returnData).toBe(true);
    expect(queries[0]?.period).toBe(60);
    expect(parseInsightsQuery(queries[0]?.expression ?? '')).toMatchObject({
      namespace: METRICS_NAMESPACE,
      metric: 'Throttles',
      statistic: 'SUM',
      filters: { service: 'bedrock-gateway' },
      groupBy: [],
    });
    expect(Object.keys(GATEWAY_METRICS)).toContain('Throttles');
  });

  it('p99 latency: watches the p99 of the function’s Duration, as alarms can use neither SEARCH nor Insights percentiles', async () => {
    const { scope } = child(defaultStack, 'observability');
    const body = alarm('p99_latency');

    expect(body.namespace).toBe('AWS/Lambda');
    expect(body.metric_name).toBe('Duration');
    expect(body.extended_statistic).toBe('p99');
    expect(body.statistic).toBeUndefined();
    expect(await evaluateAttribute(body.dimensions, scope)).toEqual({ FunctionName: 'bedrock-gateway' });
    expect(await evaluateAttribute(body.threshold, scope)).toBe(60000);
    expect(await evaluateAttribute(body.period, scope)).toBe(60);
  });

  it('Lambda errors: fires on any AWS/Lambda Errors of the function in one period', async () => {
    const { scope } = child(defaultStack, 'observability');
    const body = alarm('lambda_errors');

    expect(body).toMatchObject({
      namespace: 'AWS/Lambda',
      metric_name: 'Errors',
      statistic: 'Sum',
      comparison_operator: 'GreaterThanThreshold',
      evaluation_periods: 1,
      datapoints_to_alarm: 1,
    });
    expect(await evaluateAttribute(body.dimensions, scope)).toEqual({ FunctionName: 'bedrock-gateway' });
    expect(await evaluateAttribute(body.threshold, scope)).toBe(0);
  });

  it('notify the topic the root module creates, on ALARM and on OK', async () => {
    // Prepare
    const observability = child(defaultStack, 'observability');
    const topic = `arn:aws:sns:${REGION}:${ACCOUNT_ID}:bedrock-gateway-alarms`;

    // Act
    const topicCount = await evaluateAttribute(
      observabilityModule.resources.aws_sns_topic?.this?.count,
      observability.scope,
    );

    // Assess
    expect(topicCount).toBe(1);
    for (const name of OBSERVABILITY_ALARMS) {
      expect(await evaluateAttribute(alarm(name).alarm_actions, observability.scope), name).toEqual([topic]);
      expect(await evaluateAttribute(alarm(name).ok_actions, observability.scope), name).toEqual([topic]);
    }
    expect(
      await evaluateAttribute(defaultStack.root.outputs.alarm_topic_arn?.value, defaultStack.scope),
    ).toBe(topic);
  });

  it('notify an existing topic instead when alarm_sns_topic_arn is given, and create none', async () => {
    const existing = `arn:aws:sns:${REGION}:${ACCOUNT_ID}:ops-pager`;
    const stack = await evaluateStack({ alarm_sns_topic_arn: existing });
    const { scope } = child(stack, 'observability');

    expect(await evaluateAttribute(observabilityModule.resources.aws_sns_topic?.this?.count, scope)).toBe(0);
    for (const name of OBSERVABILITY_ALARMS) {
      expect(await evaluateAttribute(alarm(name).alarm_actions, scope), name).toEqual([existing]);
      expect(await evaluateAttribute(alarm(name).ok_actions, scope), name).toEqual([existing]);
    }
  });

  it('subscribe alarm_email to the created topic, and nobody by default', async () => {
    const subscription = observabilityModule.resources.aws_sns_topic_subscription?.this as Body;
    const stack = await evaluateStack({ alarm_email: 'oncall@example.com' });
    const { scope } = child(stack, 'observability');

    expect(await evaluateAttribute(subscription.count, child(defaultStack, 'observability').scope)).toBe(0);
    expect(await evaluateAttribute(subscription.count, scope)).toBe(1);
    expect(subscription.protocol).toBe('email');
    expect(await evaluateAttribute(subscription.endpoint, scope)).toBe('oncall@example.com');
    expect(await evaluateAttribute(subscription.topic_arn, scope)).toBe(
      `arn:aws:sns:${REGION}:${ACCOUNT_ID}:bedrock-gateway-alarms`,
    );
  });

  it('have no actions when the module is given neither a topic to create nor one to use', async () => {
    const scope = moduleScope(observabilityModule, {
      variables: { name: 'gw', region: 'eu-west-1', function_name: 'gw' },
    });

    for (const name of OBSERVABILITY_ALARMS) {
      expect(await evaluateAttribute(alarm(name).alarm_actions, scope), name).toEqual([]);
    }
  });
});

describe('root module wiring', () => {
  it('calls modules/observability with only variables it declares, and all of its required ones', () => {
    const call = defaultStack.root.modules.observability as Body;
    const passed = Object.keys(call).filter((argument) => !MODULE_META_ARGUMENTS.has(argument));
    const required = Object.entries(observabilityModule.variables)
      .filter(([, variable]) => !Object.hasOwn(variable, 'default'))
      .map(([name]) => name);

    expect(call.source).toBe('./modules/observability');
    expect(passed.filter((name) => !Object.hasOwn(observabilityModule.variables, name))).toEqual([]);
    expect(required.filter((name) => !passed.includes(name))).toEqual([]);
  });

  it('passes the function, API and stage names the AWS metrics carry', async () => {
    expect(await input(defaultStack, 'observability', 'function_name')).toBe(
      await child(defaultStack, 'lambda').outputs.function_name?.get(),
    );
    expect(await input(defaultStack, 'observability', 'api_name')).toBe(
      await input(defaultStack, 'api_gateway', 'name'),
    );
    expect(await input(defaultStack, 'observability', 'stage_name')).toBe('prod');
    expect(await input(defaultStack, 'observability', 'region')).toBe(REGION);
  });

  it('outputs the dashboard name, and nothing for a dashboard or alarms switched off', async () => {
    const output = (stack: Stack, name: string) =>
      evaluateAttribute(stack.root.outputs[name]?.value, stack.scope);
    const off = await evaluateStack({ create_dashboard: false, create_alarms: false });

    expect(await output(defaultStack, 'dashboard_name')).toBe('bedrock-gateway');
    expect(Object.keys((await output(defaultStack, 'alarm_arns')) as object).sort()).toEqual(
      [...OBSERVABILITY_ALARMS].sort(),
    );
    expect(await output(off, 'dashboard_name')).toBeNull();
    expect(await output(off, 'alarm_arns')).toEqual({});
  });
});

describe('alarm inputs', () => {
  /** Whether every validation of `name` in `module` holds for `variables` (defaults otherwise). */
  async function accepts(module: TerraformModule, name: string, variables: Record<string, unknown>) {
    const rules = (module.variables[name]?.validation ?? []) as Body[];
    if (rules.length === 0) throw new Error(`${module.name}: variable ${name} has no validation.`);
    const scope = moduleScope(module, { variables });
    const results = await Promise.all(rules.map((rule) => evaluateAttribute(rule.condition, scope)));
    return results.every((result) => result === true);
  }
  const root = modules['.'] as TerraformModule;
  const thresholds = root.variables.alarm_thresholds?.default as Record<string, number>;

  it.each([
    ['alarm_period', 120, [30, 90, 0, 7200]],
    ['alarm_evaluation_periods', 180, [0, 181, 2.5]],
    ['alarm_datapoints_to_alarm', 5, [0, 6, 1.5]],
    ['alarm_email', 'oncall@example.com', ['oncall', 'a b@example.com']],
    [
      'alarm_sns_topic_arn',
      `arn:aws:sns:${REGION}:${ACCOUNT_ID}:ops`,
      ['ops', `arn:aws:sns:${REGION}:${ACCOUNT_ID}:ops.fifo`],
    ],
    ['alarm_topic_kms_key_id', 'alias/alarms', ['', 'alias/aws/sns']],
  ] as const)('keep the root %s within its range or pattern', async (name, good, bad) => {
    expect(await accepts(root, name, { [name]: good }), `${name} = ${JSON.stringify(good)}`).toBe(true);
    for (const value of bad) {
      expect(await accepts(root, name, { [name]: value }), `${name} = ${JSON.stringify(value)}`).toBe(false);
    }
  });

  it('reject thresholds out of range, and an email together with an existing topic', async () => {
    const withThreshold = (changes: Record<string, number>) => ({
      alarm_thresholds: { ...thresholds, ...changes },
    });

    expect(await accepts(root, 'alarm_thresholds', {})).toBe(true);
    const outOfRange: Array<Record<string, number>> = [
      { five_xx_rate_percent: 0 },
      { five_xx_rate_percent: 101 },
      { five_xx_min_requests: 0 },
      { throttles: -1 },
      { lambda_errors: 0.5 },
      { p99_latency_ms: 900001 },
    ];
    for (const changes of outOfRange) {
      expect(await accepts(root, 'alarm_thresholds', withThreshold(changes)), JSON.stringify(changes)).toBe(
        false,
      );
    }
    expect(
      await accepts(root, 'alarm_email', {
        alarm_email: 'oncall@example.com',
        alarm_sns_topic_arn: `arn:aws:sns:${REGION}:${ACCOUNT_ID}:ops`,
      }),
    ).toBe(false);
  });

  it('in the module, refuse a topic both created and given, an email without a created topic, and a stage without an API', async () => {
    const required = { name: 'gw', region: REGION, function_name: 'gw' };
    const topic = `arn:aws:sns:${REGION}:${ACCOUNT_ID}:ops`;

    expect(
      await accepts(observabilityModule, 'create_sns_topic', {
        ...required,
        create_sns_topic: true,
        alarm_sns_topic_arn: topic,
      }),
    ).toBe(false);
    expect(
      await accepts(observabilityModule, 'create_sns_topic', { ...required, create_sns_topic: true }),
    ).toBe(true);
    expect(
      await accepts(observabilityModule, 'alarm_email', { ...required, alarm_email: 'a@example.com' }),
    ).toBe(false);
    expect(
      await accepts(observabilityModule, 'alarm_email', {
        ...required,
        alarm_email: 'a@example.com',
        create_sns_topic: true,
      }),
    ).toBe(true);
    expect(await accepts(observabilityModule, 'stage_name', { ...required, stage_name: 'prod' })).toBe(false);
    expect(
      await accepts(observabilityModule, 'stage_name', { ...required, stage_name: 'prod', api_name: 'gw' }),
    ).toBe(true);
    expect(await accepts(observabilityModule, 'service_name', { ...required, service_name: "it's" })).toBe(
      false,
    );
  });
});
