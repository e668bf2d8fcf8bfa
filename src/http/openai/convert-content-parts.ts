import { appendCachePoint } from '../../core/cache-points.js';
import type { ContentPart } from '../../core/generate-request.js';
import { type CacheMarkers, readCachePoint } from './read-cache-point.js';

/**
 * A message's content, as both OpenAI APIs send it (a string, or parts), as canonical parts: a string is one
 * text part (none when empty), and each part is converted by `convertPart` (given its field, `at.content[i]`)
 * and followed by the cache point it asks for. Empty text parts are dropped, as Bedrock refuses blank text.
 */
export function convertContentParts<Part extends { type: string }>(
  content: string | readonly Part[],
  at: string,
  convertPart: (part: Part, param: string) => ContentPart,
): ContentPart[] {
  if (typeof content === 'string') return content === '' ? [] : [{ type: 'text', text: content }];
  const parts: ContentPart[] = [];
  for (const [index, part] of content.entries()) {
    const converted = convertPart(part, `${at}.content[${index}]`);
    if (converted.type !== 'text' || converted.text !== '') parts.push(converted);
    // Every part of these APIs may carry a cache marker; the loose ones that cannot (audio) are refused above.
    appendCachePoint(parts, readCachePoint(part as CacheMarkers));
  }
  return parts;
}
