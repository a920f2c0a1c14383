// Hash routes, so every view has an address that survives a reload without any server-side routing.

/** The catalog's collections: the only ones a route may name. */
export const COLLECTIONS = ['brands', 'models', 'engines'];

/** A hash route's address, every parameter encoded; the one way the UI writes a link to one of its views. */
export function href(path, params) {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(params || {})) if (v !== undefined && v !== null && v !== '') q.set(k, v);
    const s = q.toString();
    return '#/' + path + (s ? '?' + s : '');
}

export function navigate(path, params) {
    location.hash = href(path, params);
}

export function parseHash() {
    const raw = location.hash.replace(/^#\/?/, '');
    const i = raw.indexOf('?');
    const p = i < 0 ? raw : raw.substring(0, i);
    const q = i < 0 ? '' : raw.substring(i + 1);
    return { path: (p || 'catalog').split('/').filter(Boolean), params: Object.fromEntries(new URLSearchParams(q)) };
}

/**
 * Why a collection and document id taken from the address cannot name a catalog document, or null when they can.
 * The address is anyone's to write (a link in a mail), so it is checked before it becomes part of a request: the
 * collection is one of COLLECTIONS, and the id is one path segment the gateway accepts. Ids are the API's hex ids
 * or whatever a script gave a document it wrote directly, so they are not held to one format; but '.' and '..'
 * move up the path even when encoded, and the gateway refuses an encoded / \ % or ; in a path anyway.
 */
export function documentAddressProblem(collection, documentId) {
    if (!COLLECTIONS.includes(collection)) {
        return `The address names the collection “${collection}”, which does not exist: it must be one of ${COLLECTIONS.join(', ')}.`;
    }
    if (!documentId || documentId === '.' || documentId === '..' || /[\u0000-\u001f\u007f/\\%;]/.test(documentId)) {
        return `The address names the document id “${documentId}”, which no document can have: an id is not empty, not . or .., and has no / \\ % ; or control characters.`;
    }
    return null;
}
