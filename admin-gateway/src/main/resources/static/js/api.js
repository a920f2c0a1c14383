// The gateway's JSON API as the session sees it: CSRF token echoed on writes, problem details turned into errors.

/** A non-2xx answer: RFC 9457 problem details, with per-field errors for validation failures. */
export class ApiError extends Error {
    constructor(status, problem) {
        super(problem?.detail || problem?.title || `Request failed (${status})`);
        this.status = status;
        this.problem = problem || {};
        this.detail = this.message;
        this.errors = Array.isArray(problem?.errors) ? problem.errors : [];
    }

    /** The messages for one field (exact path, or a nested path under it). */
    fieldErrors(field) {
        return this.errors.filter((e) => e.field === field || (e.field || '').startsWith(field + '.')
            || (e.field || '').startsWith(field + '['));
    }
}

const unauthorizedListeners = new Set();

/** Called when the session is gone (expired, logged out elsewhere): the app shows the login page. */
export function onUnauthorized(listener) {
    unauthorizedListeners.add(listener);
    return () => unauthorizedListeners.delete(listener);
}

function cookie(name) {
    const prefix = name + '=';
    for (const part of document.cookie.split(';')) {
        const p = part.trim();
        if (p.startsWith(prefix)) return decodeURIComponent(p.substring(prefix.length));
    }
    return null;
}

/** The session's CSRF token: the XSRF-TOKEN cookie, fetched once from /api/csrf if the cookie is not set yet. */
async function csrfHeaders() {
    let token = cookie('XSRF-TOKEN');
    let header = 'X-XSRF-TOKEN';
    if (!token) {
        const res = await fetch('/api/csrf', { credentials: 'same-origin', headers: { Accept: 'application/json' } });
        if (res.ok) {
            const body = await res.json();
            token = body.token;
            header = body.headerName || header;
        }
    }
    return token ? { [header]: token } : {};
}

/**
 * A tag for API paths: every interpolated value becomes exactly one encoded path segment, so an id can neither add
 * segments nor a query. '.' and '..' are refused (URL parsers move up the path for them, even when encoded): they
 * come from no API answer, and values from the address are checked before they get here (nav.js).
 */
export function path(strings, ...segments) {
    return strings.reduce((out, s, i) => {
        if (i === 0) return s;
        const segment = String(segments[i - 1] ?? '');
        if (segment === '' || segment === '.' || segment === '..') {
            throw new ApiError(400, { detail: `“${segment}” cannot be part of an address.` });
        }
        return out + encodeURIComponent(segment) + s;
    }, '');
}

/** Builds a query string from an object, leaving out empty values. */
export function query(params) {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(params || {})) {
        if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
    }
    const s = q.toString();
    return s ? '?' + s : '';
}

/** The header of a write that found the document already as requested: nothing was saved, no new version. */
export const NOTHING_CHANGED = 'X-Nothing-Changed';

/**
 * The JSON answer, or with options.withOutcome {payload, nothingChanged}: a write that changed nothing answers
 * 200 like one that did, and only its NOTHING_CHANGED header tells them apart.
 */
export async function request(method, path, body, options = {}) {
    const headers = { Accept: 'application/json, application/problem+json', ...(options.headers || {}) };
    if (method !== 'GET' && method !== 'HEAD') Object.assign(headers, await csrfHeaders());
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    let res;
    try {
        res = await fetch(path, {
            method, headers, credentials: 'same-origin',
            body: body === undefined ? undefined : JSON.stringify(body)
        });
    } catch (e) {
        throw new ApiError(0, { detail: 'The server cannot be reached. Check your connection and try again.' });
    }
    if (res.status === 401 && !options.allowUnauthorized) {
        unauthorizedListeners.forEach((l) => l());
    }
    const type = res.headers.get('content-type') || '';
    let payload = null;
    if (res.status !== 204) {
        const text = await res.text();
        if (text && type.includes('json')) {
            try {
                payload = JSON.parse(text);
            } catch (e) {
                payload = null;
            }
        } else {
            payload = text || null;
        }
    }
    if (!res.ok) {
        throw new ApiError(res.status, payload && typeof payload === 'object' ? payload : { detail: payload || undefined });
    }
    if (options.withOutcome) return { payload, nothingChanged: res.headers.get(NOTHING_CHANGED) === 'true' };
    return payload;
}

export const api = {
    get: (path, options) => request('GET', path, undefined, options),
    post: (path, body, options) => request('POST', path, body === undefined ? {} : body, options),
    put: (path, body, options) => request('PUT', path, body, options),
    del: (path, options) => request('DELETE', path, undefined, options)
};

/**
 * The optional change reason, as the X-Change-Reason* header (RFC 8187: UTF-8, percent-encoded), the one form a
 * browser can send characters above U+00FF in. The API keeps at most 500 UTF-16 units; a cut never splits a pair.
 */
export function reasonHeader(reason) {
    let r = (reason || '').trim();
    if (!r) return {};
    if (r.length > 500) r = r.substring(0, /[\uD800-\uDBFF]/.test(r[499]) ? 499 : 500);
    return { headers: { 'X-Change-Reason*': "UTF-8''" + rfc8187(r) } };
}

/** encodeURIComponent leaves ' ( ) * as they are, but RFC 8187's attr-char does not include them. */
function rfc8187(text) {
    return encodeURIComponent(text).replace(/['()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase());
}

/** The items of a page: every list of the API answers {items, next, total?} (README, API: paging). */
export function itemsOf(page) {
    return page.items;
}

/**
 * Every item of a list, following `next` until it is null. For lists that are short by nature (one document's
 * history); a long list is shown a page at a time with a "load more" instead.
 */
export async function allItems(listPath, params = {}) {
    const items = [];
    let cursor;
    do {
        const page = await request('GET', listPath + query({ ...params, limit: 500, cursor }));
        items.push(...page.items);
        cursor = page.next;
    } while (cursor);
    return items;
}
