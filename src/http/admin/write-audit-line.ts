import type { Logger } from '@aws-lambda-powertools/logger';

/** What an admin did, for the audit trail. Never holds a key: only public key ids. */
export interface AuditEntry {
  requestId: string;
  /** The admin key that acted. */
  adminKeyId: string;
  /** e.g. `keys.create`, `keys.update`, `keys.revoke`, `keys.list`, `usage.read`, `models.list`. */
  action: string;
  /** The key acted on, when there is one. */
  targetKeyId?: string;
  /** The HTTP status the action answered with. */
  status: number;
  /** For updates: which fields changed (names only, never values that could be secrets). */
  fields?: string[];
}

/**
 * Writes one `admin audit` line per admin action, success or refusal, beside the request's own line, so
 * CloudWatch Logs Insights can list who did what to which key (`filter audit = 1`). Key material never
 * reaches it: the created key is only in the response body.
 */
export function writeAuditLine(logger: Logger, entry: AuditEntry): void {
  logger.info('admin audit', {
    audit: 1,
    request_id: entry.requestId,
    admin_key_id: entry.adminKeyId,
    action: entry.action,
    ...(entry.targetKeyId === undefined ? {} : { target_key_id: entry.targetKeyId }),
    ...(entry.fields === undefined ? {} : { fields: entry.fields }),
    status: entry.status,
  });
}
