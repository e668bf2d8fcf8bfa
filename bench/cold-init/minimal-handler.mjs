// The baseline for cold init: the smallest streaming handler, nothing imported.
export const handler = awslambda.streamifyResponse(async (_event, responseStream) => {
  const body = awslambda.HttpResponseStream.from(responseStream, { statusCode: 200, headers: {} });
  body.end('ok');
});
