/**
 * The console's one door to the gateway. The admin key lives in this module's memory only: never in a
 * cookie, localStorage or sessionStorage, so a reload signs out and there is no ambient credential for a
 * cross-site request to ride on (no CSRF surface).
 */
let adminKey: string | undefined;

/** The gateway's error shape, as every route answers it. */
export interface GatewayErrorBody {
  error: { type: string; code: string; message: string; request_id?: string; param?: string };
}

/** A refused call, with the gateway's own error (status, code and message) for the page to show as is. */
export class ApiError extends Error {
  override name = 'ApiError';
  constructor(
    readonly status: number,
    readonly body: GatewayErrorBody | undefined,
    fallback: string,
  ) {
    super(body ? `${status} ${body.error.code}: ${body.error.message}` : `${status}: ${fallback}`);
  }
}

export function setAdminKey(key: string | undefined): void {
  adminKey = key;
}

export function isSignedIn(): boolean {
  return adminKey !== undefined;
}

/** Reads an answer's JSON, or throws `ApiError` with the gateway's error body. */
export async function readAnswer<T>(answer: Response): Promise<T> {
  const text = await answer.text();
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = undefined;
  }
  if (!answer.ok) throw new ApiError(answer.status, body as GatewayErrorBody | undefined, text.slice(0, 200));
  return body as T;
}

/** Calls the admin API with the signed-in admin key. */
export async function callAdmin<T>(path: string, init: { method?: string; body?: unknown } = {}): Promise<T> {
  const headers: Record<string, string> = { authorization: `Bearer ${adminKey ?? ''}` };
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  const answer = await fetch(`/admin/v1${path}`, {
    method: init.method ?? 'GET',
    headers,
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
    credentials: 'omit',
    cache: 'no-store',
  });
  return readAnswer<T>(answer);
}
