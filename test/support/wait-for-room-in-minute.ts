/**
 * Waits, when the current UTC minute is nearly over, until the next one begins, so that a test of a per-minute
 * limit makes all its requests in one minute window: a window that rolls over mid-test would let a request
 * through that the limit should refuse. Not a timing assertion: it only picks when the test starts.
 */
export async function waitForRoomInMinute(roomMs = 8_000): Promise<void> {
  const leftMs = 60_000 - (Date.now() % 60_000);
  if (leftMs < roomMs) await new Promise((resolve) => setTimeout(resolve, leftMs + 50));
}
