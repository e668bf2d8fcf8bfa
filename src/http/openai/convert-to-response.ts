import type { GenerateResult } from '../../core/generate-result.js';
import {
  convertToResponseUsage,
  createFunctionCallItem,
  createItemId,
  createMessageItem,
  createReasoningItem,
  createResponseObject,
  mapResponseStatus,
  type OutputItem,
  type ResponseAnswer,
  type ResponseObject,
} from './create-response-object.js';

/**
 * A canonical result as a Responses API `response`: output items in the order the model produced them (a
 * `reasoning` item per reasoning block, one `message` per run of text, a `function_call` per tool call with its
 * arguments as a JSON string), the status and the usage. When the answer is incomplete (max tokens, a content
 * filter), the last item is too.
 */
export function convertToResponse(result: GenerateResult, answer: ResponseAnswer): ResponseObject {
  const output: OutputItem[] = [];
  const { status, incomplete_details } = mapResponseStatus(result.stopReason);
  let text: string | undefined;
  const closeMessage = () => {
    if (text === undefined) return;
    output.push(createMessageItem(createItemId(answer, 'msg', output.length), text, 'completed'));
    text = undefined;
  };
  for (const part of result.content) {
    switch (part.type) {
      case 'text':
        text = (text ?? '') + part.text;
        break;
      case 'tool-call':
        closeMessage();
        output.push(
          createFunctionCallItem(
            {
              id: createItemId(answer, 'fc', output.length),
              callId: part.toolCallId,
              name: part.toolName,
              arguments: JSON.stringify(part.input ?? {}),
            },
            'completed',
          ),
        );
        break;
      case 'reasoning':
      case 'redacted-reasoning':
        closeMessage();
        output.push(
          createReasoningItem(
            createItemId(answer, 'rs', output.length),
            part,
            answer.includeReasoningContent,
          ),
        );
        break;
      default: {
        const _exhaustiveCheck: never = part;
        throw new Error(`Unknown result part ${JSON.stringify(_exhaustiveCheck)}`);
      }
    }
  }
  closeMessage();
  const last = output.at(-1);
  if (status === 'incomplete' && last && last.type !== 'reasoning') last.status = 'incomplete';
  return createResponseObject(answer, {
    status,
    output,
    incomplete_details,
    usage: convertToResponseUsage(result.usage),
  });
}
