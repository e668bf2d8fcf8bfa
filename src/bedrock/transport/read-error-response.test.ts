import { describe, expect, it } from 'vitest';
import { parseRetryAfter, readErrorResponse } from './read-error-response.js';

describe('readErrorResponse', () => {
  it('names the error by x-amzn-ErrorType, cleaned of its namespace and URL', () => {
    // Act
    const error = readErrorResponse(
      429,
      { 'x-amzn-errortype': 'ThrottlingException:http://internal.amazon.com/coral/com.amazon.bedrock/' },
      '{"message":"Too many requests, please wait before trying again."}',
    );

    // Assess
    expect([error.name, error.message, error.statusCode]).toEqual([
      'ThrottlingException',
      'Too many requests, please wait before trying again.',
      429,
    ]);
  });

  it("falls back to the body's code, then its __type, and reads Message as well as message", () => {
    // Act
    const byCode = readErrorResponse(400, {}, '{"Code":"ValidationException","Message":"bad"}');
    const byType = readErrorResponse(503, {}, '{"__type":"aws.bedrock#ServiceUnavailableException"}');

    // Assess
    expect([byCode.name, byCode.message]).toEqual(['ValidationException', 'bad']);
    expect(byType.name).toBe('ServiceUnavailableException');
  });

  it('names a response that says nothing by its status', () => {
    // Act
    const error = readErrorResponse(502, {}, '<html>Bad Gateway</html>');

    // Assess
    expect([error.name, error.message]).toEqual(['502', '']);
  });

  it('reads retry-after in seconds or as an HTTP date', () => {
    // Act
    const error = readErrorResponse(
      429,
      { 'x-amzn-errortype': 'ThrottlingException', 'retry-after': '2.5' },
      '{}',
    );

    // Assess
    expect(error.retryAfterSeconds).toBe(3);
    expect(parseRetryAfter(new Date(Date.now() + 10_000).toUTCString())).toBeGreaterThanOrEqual(9);
    expect(parseRetryAfter('soon')).toBeUndefined();
  });
});
