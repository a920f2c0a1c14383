// Hash routes, so every view has an address that survives a reload without any server-side routing.
export function navigate(path, params) {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(params || {})) if (v !== undefined && v !== null && v !== '') q.set(k, v);
    const s = q.toString();
    location.hash = '#/' + path + (s ? '?' + s : '');
}

export function parseHash() {
    const raw = location.hash.replace(/^#\/?/, '');
    const i = raw.indexOf('?');
    const p = i < 0 ? raw : raw.substring(0, i);
    const q = i < 0 ? '' : raw.substring(i + 1);
    return { path: (p || 'catalog').split('/').filter(Boolean), params: Object.fromEntries(new URLSearchParams(q)) };
}
