// Calls to the gateway. Session cookie + CSRF header for writes; never a Basic header (no browser popups).

export class ApiError extends Error {
    constructor(status, problem) {
        super(problem?.detail || `HTTP ${status}`);
        this.status = status;
        this.problem = problem;
    }
}

function csrfToken() {
    const match = document.cookie.match(/(?:^|;\s*)XSRF-TOKEN=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : null;
}

export async function ensureCsrf() {
    if (!csrfToken()) {
        await fetch('/api/csrf', {credentials: 'same-origin'});
    }
}

export async function api(path, {method = 'GET', body, headers = {}} = {}) {
    const init = {method, credentials: 'same-origin', headers: {'X-Requested-With': 'XMLHttpRequest', ...headers}};
    if (method !== 'GET' && method !== 'HEAD') {
        await ensureCsrf();
        init.headers['X-XSRF-TOKEN'] = csrfToken();
    }
    if (body !== undefined) {
        init.headers['Content-Type'] = 'application/json';
        init.body = JSON.stringify(body);
    }
    const response = await fetch(path, init);
    const type = response.headers.get('Content-Type') || '';
    const data = type.includes('json') ? await response.json() : null;
    if (!response.ok) {
        if (response.status === 401) {
            window.dispatchEvent(new CustomEvent('backstop:unauthorized'));
        }
        throw new ApiError(response.status, data);
    }
    return data;
}
