// The JSON API: query strings from the page's filters, fetches that cancel stale requests,
// and errors in the API's one shape ({"error": {"code", "message"}}).

export class ApiError extends Error {
  constructor(status, code, message) {
    super(`${code}: ${message}`);
    this.status = status;
    this.code = code;
  }
}

/** GET `path` with `params` (arrays are comma-joined; empty values dropped) as JSON. */
export async function getJson(path, params = {}, signal = undefined) {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    const text = Array.isArray(value) ? value.join(",") : value;
    if (text !== "" && text !== null && text !== undefined) query.set(key, String(text));
  }
  const url = query.toString() ? `${path}?${query}` : path;
  const response = await fetch(url, { signal, headers: { Accept: "application/json" } });
  const body = await response.json().catch(() => null);
  if (!response.ok) {
    const error = (body && body.error) || {};
    throw new ApiError(response.status, error.code || `HTTP${response.status}`,
      error.message || response.statusText);
  }
  return body;
}

/** A fetcher whose every call aborts the previous one still in flight (one per view). */
export function latest() {
  let controller = null;
  return async (path, params) => {
    if (controller) controller.abort();
    controller = new AbortController();
    return getJson(path, params, controller.signal);
  };
}

/** True for the AbortError a superseded request ends with. */
export function aborted(error) {
  return error && error.name === "AbortError";
}
