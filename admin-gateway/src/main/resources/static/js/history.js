// Change history: every audit entry, newest first, filtered on the server and loaded a page at a time by cursor
// (the whole log is never fetched), with field diffs, CSV export of the same filter, and per-document history
// with rollback after a preview of what it will change.
import { h, Fragment, useEffect, useRef, useState, useCallback, formatTime, isoToLocalInput, localInputToIso } from './lib.js';
import { api, path, query, allItems, ApiError } from './api.js';
import { useOps, useCatalogChanges } from './ops.js';
import { navigate, href, COLLECTIONS, documentAddressProblem } from './nav.js';
import { Dialog, Field, ErrorBanner, ActionBadge, ChangesTable, Spinner, toast } from './components.js';

const PAGE_SIZE = 25;
const ACTIONS = ['create', 'update', 'delete', 'move', 'rollback', 'restore', 'external'];

// A change nobody made through the API: an external entry (found afterwards, in outbox capture mode) or a write the
// Debezium connector captured without an API stamp. Either way nobody is on record for it.
const outsideApi = (entry) => entry.action === 'external' || entry.changedBy === 'unknown';
const DETECTED_BY = { materializer: 'found before the next change', reconciler: 'found by the reconciler' };
const FILTERS = ['collection', 'documentId', 'action', 'changedBy', 'field', 'from', 'to'];

export function HistoryTab({ perms, route }) {
    const params = route.params;
    const filters = Object.fromEntries(FILTERS.map((k) => [k, params[k] || '']));
    if (params.documentId && params.collection && params.view !== 'all') {
        // the address is anyone's to write: it names a document, or the page says why not and asks nothing
        const problem = documentAddressProblem(params.collection, params.documentId);
        if (problem) {
            return h('div', { class: 'doc-history' },
                h('p', { class: 'banner banner-error', role: 'alert', 'data-testid': 'history-address-problem' }, problem),
                h('a', { class: 'button', href: href('backups/history'), 'data-testid': 'history-back' }, '← All changes'));
        }
        return h(DocumentHistory, { perms, collection: params.collection, documentId: params.documentId });
    }
    return h(Fragment, null, perms.isAdmin && h(TrailStatus, null), h(AuditLog, { filters }));
}

function FilterForm({ filters }) {
    const [draft, setDraft] = useState({ ...filters, from: isoToLocalInput(filters.from), to: isoToLocalInput(filters.to) });
    useEffect(() => setDraft({ ...filters, from: isoToLocalInput(filters.from), to: isoToLocalInput(filters.to) }), [JSON.stringify(filters)]);
    const set = (k) => (v) => setDraft((d) => ({ ...d, [k]: v }));
    const apply = (e) => {
        e.preventDefault();
        navigate('backups/history', { ...draft, from: localInputToIso(draft.from), to: localInputToIso(draft.to), view: draft.documentId ? 'all' : '' });
    };
    const clear = () => navigate('backups/history', {});
    return h('form', { class: 'filters card', onSubmit: apply, 'aria-label': 'Filter the change history', 'data-testid': 'history-filters' },
        h(Field, {
            label: 'Collection', name: 'collection', type: 'select', value: draft.collection, onInput: set('collection'), testid: 'filter-collection',
            children: [h('option', { value: '' }, 'All'), ...COLLECTIONS.map((c) => h('option', { value: c }, c))]
        }),
        h(Field, {
            label: 'Action', name: 'action', type: 'select', value: draft.action, onInput: set('action'), testid: 'filter-action',
            children: [h('option', { value: '' }, 'All'), ...ACTIONS.map((a) => h('option', { value: a }, a))]
        }),
        h(Field, { label: 'User', name: 'changedBy', value: draft.changedBy, onInput: set('changedBy'), testid: 'filter-user' }),
        h(Field, { label: 'Changed field', name: 'field', value: draft.field, onInput: set('field'), testid: 'filter-field', placeholder: 'e.g. powerHp' }),
        h(Field, { label: 'From', name: 'from', type: 'datetime-local', value: draft.from, onInput: set('from'), testid: 'filter-from' }),
        h(Field, { label: 'To', name: 'to', type: 'datetime-local', value: draft.to, onInput: set('to'), testid: 'filter-to' }),
        h(Field, { label: 'Document id', name: 'documentId', value: draft.documentId, onInput: set('documentId'), testid: 'filter-document' }),
        h('div', { class: 'filter-actions' },
            h('button', { type: 'submit', class: 'button primary', 'data-testid': 'filter-apply' }, 'Apply'),
            h('button', { type: 'button', class: 'button', onClick: clear, 'data-testid': 'filter-clear' }, 'Clear')));
}

function AuditLog({ filters }) {
    const [items, setItems] = useState(null);
    const [next, setNext] = useState(null);
    const [error, setError] = useState(null);
    const [loadingMore, setLoadingMore] = useState(false);
    const [fresh, setFresh] = useState(0);
    const [newer, setNewer] = useState(false);
    const pagedBack = useRef(false);
    const key = JSON.stringify(filters);

    useEffect(() => {
        setItems(null);
        pagedBack.current = false;
    }, [key]);
    useEffect(() => {
        let live = true;
        setError(null);
        setNewer(false);
        api.get(`/api/audit${query({ ...filters, limit: PAGE_SIZE })}`).then((d) => {
            if (!live) return;
            setItems(d.items);
            setNext(d.next);
        }, (e) => live && setError(e));
        return () => (live = false);
    }, [key, fresh]);
    // new entries reach every open session; the first page follows them, while someone reading older pages is only
    // told, so the list does not jump under them
    useCatalogChanges(() => (pagedBack.current ? setNewer(true) : setFresh((n) => n + 1)), 400);

    const more = async () => {
        setLoadingMore(true);
        try {
            const d = await api.get(`/api/audit${query({ ...filters, limit: PAGE_SIZE, cursor: next })}`);
            setItems((old) => [...old, ...d.items]);
            setNext(d.next);
            pagedBack.current = true;
        } catch (e) {
            setError(e);
        } finally {
            setLoadingMore(false);
        }
    };

    const csv = `/api/audit/export.csv${query(filters)}`;
    return h('div', { class: 'history' },
        h(FilterForm, { filters }),
        h('div', { class: 'toolbar' },
            h('a', { class: 'button', href: csv, download: 'change-history.csv', 'data-testid': 'export-csv' }, 'Export CSV (this filter)'),
            h('span', { class: 'muted small', 'data-testid': 'history-count' }, items ? `${items.length}${next ? '+' : ''} entries shown` : '')),
        h(ErrorBanner, { error }),
        newer && h('button', {
            type: 'button', class: 'button small', 'data-testid': 'history-newer',
            onClick: () => { pagedBack.current = false; setFresh((n) => n + 1); }
        }, 'New changes arrived · show the newest'),
        items === null && !error ? h(Spinner, null)
            : items && items.length === 0 ? h('p', { class: 'muted empty', 'data-testid': 'history-empty' }, 'No change matches these filters.')
                : items && h('ol', { class: 'entries', 'data-testid': 'history-entries' }, items.map((e) => h(Entry, { entry: e, key: e.id }))),
        next && h('button', { type: 'button', class: 'button', disabled: loadingMore, onClick: more, 'data-testid': 'history-more' }, loadingMore ? 'Loading…' : 'Load older changes'));
}

function Entry({ entry, actions, showDocument = true }) {
    const meta = entry.metadata || {};
    const outside = outsideApi(entry);
    return h('li', { class: `entry entry-${entry.action}${outside ? ' outside-api' : ''}`, 'data-testid': 'history-entry', 'data-action': entry.action, 'data-version': entry.version, 'data-document-id': entry.documentId, 'data-outside-api': outside ? 'true' : 'false' },
        h('div', { class: 'entry-head' },
            h(ActionBadge, { action: entry.action }),
            outside && h('span', { class: 'badge outside-api', 'data-testid': 'outside-api', title: entry.reason || 'Written straight to the database, not through the API' },
                'Changed outside the API', meta.detectedBy && ` · ${DETECTED_BY[meta.detectedBy] || meta.detectedBy}`),
            showDocument && h('a', {
                href: href('backups/history', { collection: entry.collection, documentId: entry.documentId }),
                class: 'doc-link', 'data-testid': 'entry-document'
            }, `${entry.collection} / ${entry.after?.name || entry.before?.name || entry.documentId}`),
            h('span', { class: 'badge neutral', 'data-testid': 'entry-version' }, `v${entry.version}`),
            h('span', { class: 'muted small' }, `${entry.changedBy || 'unknown'} · ${formatTime(entry.changedAt)}`),
            actions),
        (entry.reason || meta.targetVersion != null || meta.backupId) && h('p', { class: 'small entry-reason' },
            entry.reason && `“${entry.reason}”`,
            meta.targetVersion != null && ` back to v${meta.targetVersion}`,
            meta.backupId && ` from backup ${meta.backupId}`),
        // the id is in the heading already; a create's diff lists only the business fields
        h(ChangesTable, { changes: (entry.changes || []).filter((c) => c.path !== '_id'), testid: 'entry-changes' }));
}

function DocumentHistory({ perms, collection, documentId }) {
    const [entries, setEntries] = useState(null);
    const [error, setError] = useState(null);
    const [preview, setPreview] = useState(null);
    const { op } = useOps();
    const load = useCallback(() => {
        // oldest first from the API, every page of it; shown newest first
        allItems(path`/api/audit/${collection}/${documentId}`).then((all) => {
            setEntries(all.reverse());
            setError(null);
        }, setError);
    }, [collection, documentId]);
    useEffect(load, [load]);
    // a rollback (this session's or anyone's), an edit or a restore shows up here as soon as it is in the history
    useCatalogChanges((event) => {
        if (event.more || event.changes.some((c) => c.collection === collection && c.documentId === documentId)) load();
    });

    const latest = entries?.[0];
    const name = latest?.after?.name || latest?.before?.name || documentId;
    return h('div', { class: 'doc-history', 'data-testid': 'document-history' },
        h('div', { class: 'toolbar' },
            h('a', { class: 'button', href: '#/backups/history', 'data-testid': 'history-back' }, '← All changes'),
            h('a', { class: 'button', href: `#/catalog`, 'data-testid': 'history-to-catalog' }, 'Catalog'),
            h('a', { class: 'button', href: `/api/audit/export.csv${query({ collection, documentId })}`, download: `${collection}-${documentId}.csv`, 'data-testid': 'export-document-csv' }, 'Export CSV')),
        h('h2', null, `History of ${collection.replace(/s$/, '')} ${name}`, ' ', h('code', { class: 'small' }, documentId)),
        latest && !latest.after && h('p', { class: 'banner banner-warn' }, 'This document is deleted. Rolling back to a version re-creates it.'),
        h(ErrorBanner, { error }),
        entries === null && !error && h(Spinner, null),
        entries && h('ol', { class: 'entries' }, entries.map((e) => h(Entry, {
            entry: e, key: e.id, showDocument: false,
            actions: perms.canEdit && latest && e.version !== latest.version && e.after && h('button', {
                type: 'button', class: 'button small', disabled: !!op, 'data-testid': 'rollback-open', 'data-version': e.version,
                onClick: () => setPreview({ target: e, latest })
            }, `Roll back to v${e.version}…`)
        }))),
        preview && h(RollbackDialog, {
            collection, documentId, ...preview, onClose: () => setPreview(null),
            // the rollback's entry arrives through the capture pipeline a moment later, as a catalog event (above)
            onDone: () => setPreview(null)
        }));
}

function RollbackDialog({ collection, documentId, target, latest, onClose, onDone }) {
    const [changes, setChanges] = useState(null);
    const [reason, setReason] = useState('');
    const [error, setError] = useState(null);
    const [busy, setBusy] = useState(false);
    useEffect(() => {
        api.get(path`/api/audit/${collection}/${documentId}/diff` + query({ from: latest.version, to: target.version }))
            .then((d) => setChanges(d.changes), setError);
    }, []);
    const submit = async (e) => {
        e.preventDefault();
        setBusy(true);
        try {
            // expectedVersion: the version this preview was computed against; if someone saved since, the answer
            // is a 409 naming their change rather than a rollback that silently undoes it
            const { payload: now, nothingChanged } = await api.post(path`/api/audit/${collection}/${documentId}/rollback`,
                { version: target.version, expectedVersion: latest.version, reason: reason || undefined }, { withOutcome: true });
            if (nothingChanged) toast(`Nothing changed: the document already is as in version ${target.version}`, 'info');
            else toast(`Rolled back to version ${target.version}${now.deleted ? ': the document is deleted' : `, now version ${now.version}`}`, 'success');
            onDone();
        } catch (err) {
            setError(err);
            setBusy(false);
        }
    };
    return h(Dialog, { title: `Roll back to version ${target.version}?`, onClose, testid: 'rollback-dialog', wide: true },
        h('form', { onSubmit: submit },
            h('p', null, `The document goes from version ${latest.version} (now) back to the content of version ${target.version}. This is itself recorded as a new version.`),
            h(ErrorBanner, { error }),
            changes === null && !error ? h(Spinner, { label: 'Computing the diff…' }) : changes && h(ChangesTable, { changes, testid: 'rollback-changes' }),
            h(Field, { label: 'Reason (kept in the history)', name: 'reason', value: reason, onInput: setReason, maxLength: 500, testid: 'rollback-reason' }),
            h('div', { class: 'dialog-foot' },
                h('button', { type: 'button', class: 'button', onClick: onClose, 'data-testid': 'rollback-cancel' }, 'Cancel'),
                h('button', { type: 'submit', class: 'button primary', disabled: busy || changes === null, 'data-testid': 'rollback-confirm' }, `Roll back to v${target.version}`))));
}

// Admins only: whether the trail's hash chains still hold (docs/audit-chain.md), as of the latest verification
// (scheduled, or asked for here), and a button to verify now.
function TrailStatus() {
    const [result, setResult] = useState(null);
    const [error, setError] = useState(null);
    const [busy, setBusy] = useState(false);
    const run = (url) => {
        setBusy(true);
        setError(null);
        return api.get(url).then(setResult, setError).finally(() => setBusy(false));
    };
    useEffect(() => { run('/api/audit/verify/latest'); }, []);
    const broken = result && !result.ok ? result.brokenLink : null;
    return h('div', { class: broken ? 'banner banner-error' : 'toolbar', role: broken ? 'alert' : null, 'data-testid': 'trail-status' },
        h('span', { 'data-testid': 'trail-status-text' },
            !result ? (busy ? 'Verifying the trail…' : '')
                : broken ? `Trail broken, verified at ${formatTime(result.verifiedAt)}: entry ${broken.id} was ${broken.kind} (${broken.detail})`
                    : `Trail verified at ${formatTime(result.verifiedAt)}: ${result.entries} entries, intact`),
        h('button', { type: 'button', class: 'button small', disabled: busy, onClick: () => run('/api/audit/verify'), 'data-testid': 'trail-verify' },
            busy ? 'Verifying…' : 'Verify now'),
        h(ErrorBanner, { error }));
}
