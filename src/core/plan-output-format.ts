import { adaptSchemaForClaude } from './adapt-schema-for-claude.js';
import { UnsupportedParameterError } from './errors.js';
import type { GenerateRequest, OutputFormat } from './generate-request.js';
import type { GenerateResult } from './generate-result.js';
import type { CapableModel } from './model-capabilities.js';
import type { ModelFamily } from './model-registry.js';
import type { StreamEvent } from './stream-event.js';

/** The tool a model without native structured output is made to call, so that its arguments are the answer. */
export const OUTPUT_TOOL_NAME = 'json_response';

/** How one model is made to answer in the requested format. */
export interface OutputFormatPlan {
  /** The request as the model is sent it. */
  request: GenerateRequest;
  /** The model's result as the client expects it: the JSON as text. */
  readResult(result: GenerateResult): GenerateResult;
  /** The model's stream as the client expects it. */
  readEvents(events: AsyncIterable<StreamEvent>): AsyncIterable<StreamEvent>;
}

/** The JSON schema of a format: a free object for `json-object`. */
export function schemaOf(format: OutputFormat): Record<string, unknown> {
  return format.type === 'json-schema' ? format.schema : { type: 'object' };
}

const UNCHANGED = {
  readResult: (result: GenerateResult) => result,
  readEvents: (events: AsyncIterable<StreamEvent>) => events,
};

/**
 * How `model` answers in `request.outputFormat`:
 * - natively (Converse `outputConfig.textFormat`) where the model has structured output, for a JSON schema;
 * - otherwise by a forced call of one tool whose input schema is the format's schema, as LiteLLM does: the
 *   call's arguments become the answer's text, and its `tool_use` stop becomes `end_turn`;
 * - a model that can do neither is a 400 naming `response_format` and the model.
 * A request that also offers tools of its own cannot be forced to one tool without losing them: refused.
 */
export function planOutputFormat(
  model: CapableModel & { family?: ModelFamily },
  request: GenerateRequest,
): OutputFormatPlan {
  const format = request.outputFormat;
  if (!format) return { request, ...UNCHANGED };
  const { capabilities } = model;
  if (capabilities.structuredOutput && format.type === 'json-schema') {
    // Claude refuses some schema keywords outright: they become part of the description instead.
    if (model.family !== 'anthropic') return { request, ...UNCHANGED };
    return {
      request: { ...request, outputFormat: { ...format, schema: adaptSchemaForClaude(format.schema) } },
      ...UNCHANGED,
    };
  }
  if (!capabilities.tools || !capabilities.forcedToolChoice) {
    throw new UnsupportedParameterError(
      'response_format',
      `Model '${model.alias}' has neither structured output nor forced tool use, so it cannot be held to a JSON format; remove response_format or choose another model.`,
    );
  }
  const reasoning = capabilities.reasoning.mode;
  if (request.reasoning && (reasoning === 'budget' || reasoning === 'adaptive')) {
    // Claude refuses to think under a forced tool choice, and the forced tool is how this model keeps to a format.
    throw new UnsupportedParameterError(
      'response_format',
      `Model '${model.alias}' keeps to a JSON format by a forced tool call, and cannot reason while forced; send reasoning or response_format, not both.`,
    );
  }
  if ((request.tools?.length ?? 0) > 0) {
    throw new UnsupportedParameterError(
      'response_format',
      `Model '${model.alias}' keeps to a JSON format by a forced tool call, which cannot be combined with tools of your own; send one or the other.`,
    );
  }
  const { outputFormat: _format, ...rest } = request;
  return {
    request: {
      ...rest,
      tools: [
        {
          name: OUTPUT_TOOL_NAME,
          description:
            format.type === 'json-schema'
              ? (format.description ?? 'Respond with the answer.')
              : 'Respond with a JSON object.',
          inputSchema: schemaOf(format),
        },
      ],
      toolChoice: { type: 'tool', name: OUTPUT_TOOL_NAME },
    },
    readResult(result) {
      const content = result.content.map((part) =>
        part.type === 'tool-call' && part.toolName === OUTPUT_TOOL_NAME
          ? { type: 'text' as const, text: JSON.stringify(part.input) }
          : part,
      );
      return {
        ...result,
        content,
        stopReason: result.stopReason === 'tool_use' ? 'end_turn' : result.stopReason,
      };
    },
    async *readEvents(events) {
      const outputIndexes = new Set<number>();
      for await (const event of events) {
        if (event.type === 'tool-call-start' && event.toolName === OUTPUT_TOOL_NAME) {
          outputIndexes.add(event.index);
        } else if (event.type === 'tool-call-delta' && outputIndexes.has(event.index)) {
          yield { type: 'text-delta', text: event.inputDelta };
        } else if (
          event.type === 'message-stop' &&
          event.stopReason === 'tool_use' &&
          outputIndexes.size > 0
        ) {
          yield { type: 'message-stop', stopReason: 'end_turn' };
        } else {
          yield event;
        }
      }
    },
  };
}
