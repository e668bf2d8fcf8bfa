import type { APIGatewayProxyEvent } from 'aws-lambda';

function appendAll(
  target: Headers | URLSearchParams,
  single: Record<string, string | undefined> | null,
  multi: Record<string, string[] | undefined> | null,
): void {
  if (multi && Object.keys(multi).length > 0) {
    for (const [name, values] of Object.entries(multi))
      for (const value of values ?? []) target.append(name, value);
    return;
  }
  for (const [name, value] of Object.entries(single ?? {}))
    if (value !== undefined) target.append(name, value);
}

/** An API Gateway REST (v1) proxy event as a Web Request. The signal aborts when the client goes away. */
export function convertRestEventToRequest(event: APIGatewayProxyEvent, signal: AbortSignal): Request {
  const headers = new Headers();
  appendAll(headers, event.headers, event.multiValueHeaders);
  const query = new URLSearchParams();
  appendAll(query, event.queryStringParameters, event.multiValueQueryStringParameters);
  const host = headers.get('host') ?? event.requestContext?.domainName ?? 'localhost';
  const search = query.size > 0 ? `?${query}` : '';
  const method = event.httpMethod.toUpperCase();
  const hasBody = event.body !== null && event.body !== undefined && method !== 'GET' && method !== 'HEAD';
  return new Request(`https://${host}${event.path}${search}`, {
    method,
    headers,
    signal,
    ...(hasBody ? { body: event.isBase64Encoded ? Buffer.from(event.body!, 'base64') : event.body! } : {}),
  });
}
