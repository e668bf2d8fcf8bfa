import { InvalidRequestError } from '../../core/errors.js';

/**
 * Parses a tool call's `arguments`, which OpenAI sends as a JSON string (chat `tool_calls[].function.arguments`,
 * Responses `function_call.arguments`). Bedrock takes the arguments as a JSON object, so anything else is a 400
 * naming the field. An empty string means no arguments.
 */
export function parseToolArguments(text: string, param: string): Record<string, unknown> {
  if (text.trim() === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new InvalidRequestError('invalid_tool_arguments', `${param} is not valid JSON.`, { param });
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new InvalidRequestError('invalid_tool_arguments', `${param} must be a JSON object.`, { param });
  }
  return parsed as Record<string, unknown>;
}
