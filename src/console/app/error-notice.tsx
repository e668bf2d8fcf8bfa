import { ApiError } from './admin-client.js';

/** An error as the API returned it (status, code, message, request id), in a live region. */
export function ErrorNotice(props: { error: unknown }) {
  const { error } = props;
  const body = error instanceof ApiError ? error.body?.error : undefined;
  return (
    <div class="error" role="alert">
      {body ? (
        <>
          <strong>
            {(error as ApiError).status} {body.code}
          </strong>
          : {body.message}
          {body.request_id ? <span class="request-id"> (request {body.request_id})</span> : null}
        </>
      ) : (
        String((error as Error)?.message ?? error)
      )}
    </div>
  );
}
