import { InvalidRequestError } from '../errors.js';
import type { GenerateRequest, ToolChoice, ToolDefinition } from '../generate-request.js';

/** A tool choice that a native or Converse body can state. */
export type ExplicitToolChoice = Exclude<ToolChoice, { type: 'none' }>;

/** The tools to send, and the choice to send with them (absent means the model's default, `auto`). */
export interface ToolConfiguration {
  tools: ToolDefinition[];
  toolChoice?: ExplicitToolChoice;
}

function hasToolParts(request: GenerateRequest): boolean {
  return request.messages.some((message) =>
    message.content.some((part) => part.type === 'tool-call' || part.type === 'tool-result'),
  );
}

/**
 * Decides which tools and which tool choice a tool-capable body (Anthropic, Nova, Converse) carries.
 * Returns `undefined` when the body must carry no tool configuration at all.
 *
 * `tool_choice: none` has no reliable native form, so it is expressed by leaving the tools out. Bedrock refuses
 * a conversation with tool calls or results in its history unless tools are defined, so in that case the tools
 * stay and only the choice is dropped: the model then picks as with `auto`.
 *
 * Throws InvalidRequestError (param `tool_choice`) for a choice that needs tools when there are none, or that
 * names a tool not in `tools`.
 */
export function resolveToolConfiguration(request: GenerateRequest): ToolConfiguration | undefined {
  const tools = request.tools ?? [];
  const choice = request.toolChoice;
  if (tools.length === 0) {
    if (choice && choice.type !== 'none') {
      throw new InvalidRequestError('invalid_tool_choice', `'tool_choice' '${choice.type}' needs 'tools'.`, {
        param: 'tool_choice',
      });
    }
    return undefined;
  }
  if (choice?.type === 'tool' && !tools.some((tool) => tool.name === choice.name)) {
    throw new InvalidRequestError(
      'invalid_tool_choice',
      `'tool_choice' names '${choice.name}', which is not in 'tools'.`,
      {
        param: 'tool_choice',
      },
    );
  }
  if (choice?.type === 'none') return hasToolParts(request) ? { tools } : undefined;
  return choice ? { tools, toolChoice: choice } : { tools };
}
