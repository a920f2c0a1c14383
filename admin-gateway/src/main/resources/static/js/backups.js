// "Production Backup System": full backups (create, verify, compare, pin, delete, restore, cleanup, schedules,
// point-in-time restore) and the change history tab.
import { h, Fragment, useEffect, useState, useCallback, cx, formatTime, formatBytes, formatDuration, isoToLocalInput, localInputToIso } from './lib.js';
import { api, path, query, ApiError } from './api.js';
import { COLLECTIONS } from './nav.js';
import { useOps, useOnOperationFinished, watchOperation } from './ops.js';
import { Dialog, Field, ErrorBanner, StatusBadge, ChangesTable, Spinner, toast } from './components.js';
import { HistoryTab } from './history.js';

// Every list of backup-service is a Page: {items, next, total}; `next` goes back as `cursor` until it is null.
async function allPages(url, params = {}) {
    const items = [];
    let cursor = null;
    do {
        const page = await api.get(url + query({ ...params, limit: 500, cursor }));
        items.push(...page.items);
        cursor = page.next;
    } while (cursor);
    return items;
}

export function BackupsPage({ perms, route }) {
    const tab = route.path[1] === 'history' ? 'history' : 'full';
    const tabLink = (key, label) => h('a', {
        href: `#/backups/${key}`, role: 'tab', id: `tab-${key}`, 'aria-selected': tab === key ? 'true' : 'false',
        'aria-controls': `panel-${key}`, class: cx('tab', tab === key && 'active'), 'data-testid': `tab-${key}`
    }, label);
    return h('section', { class: 'backups', 'aria-labelledby': 'backups-title' },
        h('div', { class: 'page-head' },
            h('h1', { id: 'backups-title' }, 'Production Backup System'),
            h('p', { class: 'muted' }, 'Full backups of the catalog, verified restores, and the history of every change.')),
        h('div', { class: 'tabs', role: 'tablist', 'aria-label': 'Backup system' },
            tabLink('full', 'Full backups'), tabLink('history', 'Change history')),
        h('div', { role: 'tabpanel', id: `panel-${tab}`, 'aria-labelledby': `tab-${tab}` },
            tab === 'history' ? h(HistoryTab, { perms, route }) : h(FullBackupsTab, { perms, highlight: route.path[2] })));
}

function FullBackupsTab({ perms, highlight }) {
    const [data, setData] = useState(null);
    const [error, setError] = useState(null);
    const [dialog, setDialog] = useState(null);
    const [cursor, setCursor] = useState(null);
    const { op } = useOps();

    const load = useCallback(() => {
        api.get('/api/backups').then((page) => {
            setData(page.items);
            setCursor(page.next);
            setError(null);
        }, setError);
    }, []);
    useEffect(load, [load]);
    useOnOperationFinished(load);
    // a running backup is on screen: refresh its row while it runs (the stream covers the overlay)
    useEffect(() => {
        if (!data || !data.some((b) => b.status === 'running')) return;
        const t = setTimeout(load, 2000);
        return () => clearTimeout(t);
    }, [data]);

    const more = () => api.get(`/api/backups${query({ cursor })}`).then((page) => {
        setData((old) => [...old, ...page.items]);
        setCursor(page.next);
    }, setError);

    const act = async (label, fn) => {
        try {
            const r = await fn();
            toast(label, 'success');
            load();
            return r;
        } catch (e) {
            toast(e.detail || String(e), 'error');
            return null;
        }
    };

    const locked = !!op;
    return h('div', { class: 'full-backups' },
        h('div', { class: 'toolbar' },
            perms.isAdmin && h('button', { type: 'button', class: 'button primary', disabled: locked, onClick: () => setDialog({ type: 'create' }), 'data-testid': 'create-backup' }, 'Create full backup'),
            perms.isAdmin && h('button', { type: 'button', class: 'button', disabled: locked, onClick: () => setDialog({ type: 'pitr' }), 'data-testid': 'open-pitr' }, 'Point-in-time restore…'),
            perms.isAdmin && h('button', { type: 'button', class: 'button', disabled: locked, onClick: () => setDialog({ type: 'cleanup' }), 'data-testid': 'open-cleanup' }, 'Clean up…'),
            h('button', { type: 'button', class: 'button', onClick: () => setDialog({ type: 'schedules' }), 'data-testid': 'open-schedules' }, 'Schedules'),
            h('button', { type: 'button', class: 'button', onClick: load, 'data-testid': 'refresh-backups' }, 'Refresh')),
        !perms.isAdmin && h('p', { class: 'muted small' }, 'Only an admin can create, verify, restore, pin or delete backups.'),
        h(ErrorBanner, { error }),
        data === null && !error ? h(Spinner, null)
            : data && data.length === 0 ? h('p', { class: 'muted empty', 'data-testid': 'no-backups' }, 'No backups yet.')
                : data && h('div', { class: 'table-wrap' }, h('table', { class: 'backups-table', 'data-testid': 'backups-table' },
                    h('caption', { class: 'visually-hidden' }, 'Full backups, newest first'),
                    h('thead', null, h('tr', null, ['Status', 'Backup', 'Started', 'Size', 'Documents', 'Type', 'By', 'Actions'].map((c) => h('th', { scope: 'col' }, c)))),
                    h('tbody', null, data.map((b) => h('tr', { key: b.id, 'data-testid': 'backup-row', 'data-id': b.id, 'data-status': b.status, class: cx(b.id === highlight && 'highlight') },
                        h('td', null, h(StatusBadge, { status: b.status }), b.pinned && h('span', { class: 'badge neutral', title: 'Pinned: kept by cleanup', 'data-testid': 'pinned' }, 'Pinned'),
                            b.lastVerification && h('div', { class: cx('small', !b.lastVerification.ok && 'text-error'), 'data-testid': 'last-verification' },
                                b.lastVerification.ok ? `verified ${formatTime(b.lastVerification.at)}` : `verification failed: ${(b.lastVerification.problems || []).join('; ')}`)),
                        h('td', null, h('code', { class: 'backup-id', 'data-testid': 'backup-id' }, b.id), b.description && h('div', { class: 'small' }, b.description),
                            b.error && h('div', { class: 'small text-error', 'data-testid': 'backup-error' }, b.error)),
                        h('td', null, formatTime(b.createdAt), b.durationMs != null && h('div', { class: 'muted small' }, formatDuration(b.durationMs))),
                        h('td', null, b.status === 'completed' && [formatBytes(b.compressedBytes), h('div', { class: 'muted small' }, `${formatBytes(b.uncompressedBytes)} raw`)]),
                        h('td', { class: 'small' }, Object.entries(b.counts).map(([k, v]) => h('div', null, `${k}: ${v}`))),
                        h('td', null, b.type),
                        h('td', null, b.createdBy),
                        h('td', null, h('div', { class: 'row-actions' },
                            perms.isAdmin && b.status === 'completed' && h('button', { type: 'button', class: 'button small', disabled: locked, 'data-testid': 'verify-backup', onClick: () => api.post(path`/api/backups/${b.id}/verify`).then((r) => {
                                const ok = r.status === 'completed';
                                toast(ok ? 'Verified: checksums and counts match' : `Verification FAILED: ${r.error}`, ok ? 'success' : 'error');
                                load();
                                setDialog({ type: 'verified', backup: b, result: r });
                            }, (e) => toast(e.detail, 'error')) }, 'Verify'),
                            b.status === 'completed' && h('button', { type: 'button', class: 'button small', 'data-testid': 'compare-backup', onClick: () => setDialog({ type: 'compare', backup: b }) }, 'Compare'),
                            perms.isAdmin && b.status === 'completed' && h('button', { type: 'button', class: 'button small', disabled: locked, 'data-testid': 'pin-backup', onClick: () => act(b.pinned ? 'Unpinned' : 'Pinned', () => api.post(path`/api/backups/${b.id}/pin`, { pinned: !b.pinned })) }, b.pinned ? 'Unpin' : 'Pin'),
                            perms.isAdmin && b.status === 'completed' && h('button', { type: 'button', class: 'button small warn', disabled: locked, 'data-testid': 'restore-backup', onClick: () => setDialog({ type: 'restore', backup: b }) }, 'Restore…'),
                            perms.isAdmin && h('button', { type: 'button', class: 'button small danger', disabled: locked || b.pinned, 'data-testid': 'delete-backup', onClick: () => setDialog({ type: 'delete', backup: b }) }, 'Delete')))))))),
        cursor && h('button', { type: 'button', class: 'button', onClick: more, 'data-testid': 'more-backups' }, 'Load more'),
        h(SchedulesSummary, null),
        h(RetentionCard, { perms }),
        dialog?.type === 'create' && h(CreateBackupDialog, { onClose: () => setDialog(null), onCreated: () => { setDialog(null); load(); } }),
        dialog?.type === 'restore' && h(RestoreDialog, { backup: dialog.backup, onClose: () => setDialog(null) }),
        dialog?.type === 'delete' && h(DeleteBackupDialog, { backup: dialog.backup, onClose: () => setDialog(null), onDeleted: () => { setDialog(null); load(); } }),
        dialog?.type === 'compare' && h(CompareDialog, { backup: dialog.backup, backups: data || [], onClose: () => setDialog(null) }),
        dialog?.type === 'verified' && h(Dialog, { title: `Verification of ${dialog.backup.id}`, onClose: () => setDialog(null), testid: 'verify-dialog' },
            h(VerificationSummary, { operation: dialog.result })),
        dialog?.type === 'cleanup' && h(CleanupDialog, { onClose: () => setDialog(null), onDone: () => { setDialog(null); load(); } }),
        dialog?.type === 'pitr' && h(PitrDialog, { onClose: () => setDialog(null) }),
        dialog?.type === 'schedules' && h(SchedulesDialog, { perms, onClose: () => setDialog(null) }));
}

/** A verification operation, ended: intact, or what is wrong with the backup. */
function VerificationSummary({ operation }) {
    const problems = operation.outcome?.problems || [];
    return h('div', { 'data-testid': 'verify-summary', 'data-status': operation.status },
        operation.status === 'completed'
            ? h('p', null, `Intact: ${operation.outcome.documents} documents read, every checksum and count matches.`)
            : h(Fragment, null, h('p', { class: 'text-error' }, 'The backup is damaged:'),
                h('ul', null, (problems.length ? problems : [operation.error]).map((p) => h('li', null, p)))),
        h('p', { class: 'muted small' }, `Took ${formatDuration(operation.durationMs)}.`));
}

function CreateBackupDialog({ onClose, onCreated }) {
    const [description, setDescription] = useState('');
    const [error, setError] = useState(null);
    const [busy, setBusy] = useState(false);
    const submit = async (e) => {
        e.preventDefault();
        setBusy(true);
        try {
            const r = await api.post('/api/backups', { description });
            toast(`Backup ${r?.id || ''} started`, 'success');
            onCreated(r);
        } catch (err) {
            setError(err);
            setBusy(false);
        }
    };
    return h(Dialog, { title: 'Create full backup', onClose, testid: 'create-backup-dialog' },
        h('form', { onSubmit: submit },
            h('p', null, 'Dumps brands, models and engines, then verifies the files. Catalog edits stay possible but other backups and restores wait.'),
            h(ErrorBanner, { error }),
            h(Field, { label: 'Description', name: 'description', value: description, onInput: setDescription, maxLength: 500, testid: 'backup-description', errors: error?.fieldErrors?.('description') || [], autofocus: true }),
            h('div', { class: 'dialog-foot' },
                h('button', { type: 'button', class: 'button', onClick: onClose }, 'Cancel'),
                h('button', { type: 'submit', class: 'button primary', disabled: busy, 'data-testid': 'create-backup-submit' }, 'Create backup'))));
}

/** Restoring replaces the live catalog: the dialog says what will happen and asks for the backup id, typed. */
function RestoreDialog({ backup, onClose }) {
    const [confirm, setConfirm] = useState('');
    const [reason, setReason] = useState('');
    const [error, setError] = useState(null);
    const [busy, setBusy] = useState(false);
    const matches = confirm.trim() === backup.id;
    const submit = async (e) => {
        e.preventDefault();
        if (!matches) return;
        setBusy(true);
        try {
            const operation = await api.post(path`/api/backups/${backup.id}/restore`, { confirm: confirm.trim(), reason });
            watchOperation(operation.id);
            onClose();
        } catch (err) {
            setError(err);
            setBusy(false);
        }
    };
    return h(Dialog, { title: 'Restore the catalog from this backup?', onClose, testid: 'restore-dialog' },
        h('form', { onSubmit: submit },
            h('div', { class: 'banner banner-warn', role: 'note', 'data-testid': 'restore-warning' },
                h('strong', null, 'This replaces the live catalog.'),
                h('ul', null,
                    h('li', null, `Brands, models and engines become exactly as in backup ${backup.id} (${formatTime(backup.createdAt)}).`),
                    h('li', null, 'Documents created since then are deleted; changed ones are put back.'),
                    h('li', null, 'A pre-restore backup is taken first, so this can be undone.'),
                    h('li', null, 'Catalog edits are blocked for everyone until it finishes.'))),
            h(ErrorBanner, { error }),
            h(Field, {
                label: `Type the backup id ${backup.id} to confirm`, name: 'confirm', value: confirm, onInput: setConfirm,
                testid: 'restore-confirm-input', autocomplete: 'off', spellcheck: false, autofocus: true,
                hint: matches ? 'Matches.' : 'The id is shown in the Backup column.'
            }),
            h(Field, { label: 'Reason (kept in the history)', name: 'reason', value: reason, onInput: setReason, maxLength: 500, testid: 'restore-reason' }),
            h('div', { class: 'dialog-foot' },
                h('button', { type: 'button', class: 'button', onClick: onClose, 'data-testid': 'restore-cancel' }, 'Cancel'),
                h('button', { type: 'submit', class: 'button danger', disabled: !matches || busy, 'data-testid': 'restore-submit' }, 'Restore'))));
}

function DeleteBackupDialog({ backup, onClose, onDeleted }) {
    const [error, setError] = useState(null);
    const submit = async (e) => {
        e.preventDefault();
        try {
            await api.del(path`/api/backups/${backup.id}`);
            toast(`Backup ${backup.id} deleted`, 'success');
            onDeleted();
        } catch (err) {
            setError(err);
        }
    };
    return h(Dialog, { title: `Delete backup ${backup.id}?`, onClose, testid: 'delete-backup-dialog' },
        h('form', { onSubmit: submit },
            h('p', null, 'Its files are removed. The newest completed backup and pinned backups cannot be deleted.'),
            h(ErrorBanner, { error }),
            h('div', { class: 'dialog-foot' },
                h('button', { type: 'button', class: 'button', onClick: onClose }, 'Cancel'),
                h('button', { type: 'submit', class: 'button danger', 'data-testid': 'delete-backup-confirm' }, 'Delete backup'))));
}

const CHANGE_BADGES = { added: ['action-create', 'Added'], removed: ['action-delete', 'Removed'], changed: ['action-update', 'Changed'] };

/** Every differing document, grouped by collection, each with its name beside its id; a changed one with its diff. */
function CompareResult({ page, onMore, busy }) {
    const groups = new Map();
    page.items.forEach((d) => {
        if (!groups.has(d.collection)) groups.set(d.collection, []);
        groups.get(d.collection).push(d);
    });
    return h('div', { class: 'compare', 'data-testid': 'compare-result' },
        h('p', { 'data-testid': 'compare-total' }, page.total === 0 ? 'Identical: no document differs.'
            : `${page.total} document${page.total === 1 ? '' : 's'} differ${page.total === 1 ? 's' : ''}; ${page.items.length} shown.`),
        [...groups.entries()].map(([collection, list]) => h('section', { class: 'compare-col', 'data-testid': `compare-${collection}` },
            h('h3', null, collection),
            list.map((d) => {
                const [badge, label] = CHANGE_BADGES[d.change];
                const title = [h('span', { class: `badge ${badge}` }, label), ' ', h('strong', null, d.name ?? '(no name)'), ' ', h('code', { class: 'muted small' }, d.documentId)];
                return d.change === 'changed'
                    ? h('details', { class: 'compare-doc', 'data-testid': 'compare-doc', 'data-id': d.documentId, 'data-change': d.change },
                        h('summary', null, title), h(ChangesTable, { changes: d.changes }))
                    : h('p', { class: 'small compare-doc', 'data-testid': 'compare-doc', 'data-id': d.documentId, 'data-change': d.change }, title);
            }))),
        page.next && h('button', { type: 'button', class: 'button', disabled: busy, onClick: onMore, 'data-testid': 'compare-more' }, 'Show more differences'));
}

function CompareDialog({ backup, backups, onClose }) {
    const [withWhat, setWith] = useState('live');
    const [page, setPage] = useState(null);
    const [error, setError] = useState(null);
    const [busy, setBusy] = useState(false);
    const fetchPage = async (cursor) => {
        setBusy(true);
        setError(null);
        try {
            const next = await api.get(path`/api/backups/${backup.id}/compare` + query({ with: withWhat, cursor }));
            setPage((old) => (cursor && old ? { ...next, items: [...old.items, ...next.items] } : next));
        } catch (err) {
            setError(err);
        } finally {
            setBusy(false);
        }
    };
    const run = (e) => {
        e.preventDefault();
        setPage(null);
        fetchPage(null);
    };
    const others = backups.filter((b) => b.id !== backup.id && b.status === 'completed');
    return h(Dialog, { title: `Compare backup ${backup.id}`, onClose, testid: 'compare-dialog', wide: true },
        h('form', { onSubmit: run, class: 'inline-form' },
            h(Field, {
                label: 'With', name: 'with', type: 'select', value: withWhat, onInput: setWith, testid: 'compare-with',
                children: [h('option', { value: 'live' }, 'the live catalog'), ...others.map((b) => h('option', { value: b.id }, `backup ${b.id} (${formatTime(b.createdAt)})`))]
            }),
            h('button', { type: 'submit', class: 'button primary', disabled: busy, 'data-testid': 'compare-run' }, busy ? 'Comparing…' : 'Compare')),
        h(ErrorBanner, { error }),
        page && h(CompareResult, { page, busy, onMore: () => fetchPage(page.next) }));
}

function CleanupDialog({ onClose, onDone }) {
    const [preview, setPreview] = useState(null);
    const [error, setError] = useState(null);
    useEffect(() => {
        api.post('/api/backups/cleanup', { dryRun: true }).then(setPreview, setError);
    }, []);
    const list = preview ? preview.backups : [];
    const run = async () => {
        try {
            await api.post('/api/backups/cleanup', { dryRun: false });
            toast('Cleanup started', 'success');
            onDone();
        } catch (err) {
            setError(err);
        }
    };
    return h(Dialog, { title: 'Clean up old backups', onClose, testid: 'cleanup-dialog' },
        h('p', null, 'Retention keeps the newest backups, pinned ones and any in use. A dry run shows what would go:'),
        h(ErrorBanner, { error }),
        !preview && !error && h(Spinner, { label: 'Running the dry run…' }),
        preview && (list.length === 0
            ? h('p', { 'data-testid': 'cleanup-nothing' }, 'Nothing to delete.')
            : h('ul', { 'data-testid': 'cleanup-preview' }, list.map((b) => h('li', null, `${b.backupId} · ${formatTime(b.createdAt)} · ${b.reason}`)))),
        h('div', { class: 'dialog-foot' },
            h('button', { type: 'button', class: 'button', onClick: onClose }, 'Cancel'),
            h('button', { type: 'button', class: 'button danger', disabled: !preview || list.length === 0, onClick: run, 'data-testid': 'cleanup-run' }, `Delete ${list.length} backup${list.length === 1 ? '' : 's'}`)));
}

function PitrDialog({ onClose }) {
    const [at, setAt] = useState(isoToLocalInput(new Date(Date.now() - 3600 * 1000).toISOString()));
    const [preview, setPreview] = useState(null);
    const [confirm, setConfirm] = useState('');
    const [error, setError] = useState(null);
    const [busy, setBusy] = useState(false);
    const iso = localInputToIso(at);
    // the API wants the instant repeated exactly, so nobody restores to a time they did not read
    const confirmWord = iso;
    const runPreview = async (e) => {
        e.preventDefault();
        setBusy(true);
        setError(null);
        setPreview(null);
        try {
            setPreview(await api.post('/api/backups/pitr', { at: iso, dryRun: true }));
        } catch (err) {
            setError(err);
        } finally {
            setBusy(false);
        }
    };
    const restore = async () => {
        setBusy(true);
        try {
            const operation = await api.post('/api/backups/pitr', { at: iso, dryRun: false, confirm: confirm.trim() });
            watchOperation(operation.id);
            onClose();
        } catch (err) {
            setError(err);
            setBusy(false);
        }
    };
    const cols = preview ? Object.entries(preview.collections) : [];
    return h(Dialog, { title: 'Point-in-time restore', onClose, testid: 'pitr-dialog', wide: true },
        h('form', { onSubmit: runPreview, class: 'inline-form' },
            h(Field, { label: 'Restore the catalog as it was at (your local time)', name: 'at', type: 'datetime-local', value: at, onInput: setAt, testid: 'pitr-at' }),
            h('button', { type: 'submit', class: 'button primary', disabled: busy || !iso, 'data-testid': 'pitr-preview' }, 'Preview')),
        h(ErrorBanner, { error }),
        preview && h('div', { 'data-testid': 'pitr-preview-result' },
            h('p', null, `Starts from backup ${preview.baseBackupId} and replays the change history up to ${formatTime(iso)}: ${preview.documentsChanged} document${preview.documentsChanged === 1 ? '' : 's'} would change.`),
            h('table', { class: 'diff' },
                h('thead', null, h('tr', null, ['Collection', 'Created', 'Changed', 'Deleted'].map((c) => h('th', { scope: 'col' }, c)))),
                h('tbody', null, cols.map(([name, c]) => h('tr', null,
                    h('th', { scope: 'row' }, name), h('td', null, c.created), h('td', null, c.changed), h('td', null, c.deleted))))),
            h('p', null, 'To confirm, type the instant exactly: ', h('code', { 'data-testid': 'pitr-confirm-word' }, confirmWord)),
            h(Field, { label: 'Instant to restore to', name: 'pitr-confirm', value: confirm, onInput: setConfirm, testid: 'pitr-confirm-input', autocomplete: 'off' }),
            h('div', { class: 'dialog-foot' },
                h('button', { type: 'button', class: 'button', onClick: onClose }, 'Cancel'),
                h('button', { type: 'button', class: 'button danger', disabled: busy || confirm.trim() !== String(confirmWord), onClick: restore, 'data-testid': 'pitr-submit' }, 'Restore to this point'))));
}

function SchedulesSummary() {
    const [list, setList] = useState(null);
    useEffect(() => {
        allPages('/api/backups/schedules').then(setList, () => setList(null));
    }, []);
    if (!list) return null;
    return h('section', { class: 'card schedules-summary', 'aria-labelledby': 'sched-title', 'data-testid': 'schedules-summary' },
        h('h2', { id: 'sched-title' }, 'Schedules'),
        list.length === 0 ? h('p', { class: 'muted' }, 'No scheduled backups.')
            : h('ul', null, list.map((s) => h('li', null, h('code', null, s.cron), ' ', s.description || '', s.lastFiredAt ? h('span', { class: 'muted small' }, ` · last run ${formatTime(s.lastFiredAt)}`) : ''))));
}

// Each schedule is saved or deleted on its own, naming the version it was read at: an edit never overwrites a
// change someone else made meanwhile (the server answers 409, and the dialog reloads and says so).
function SchedulesDialog({ perms, onClose }) {
    const [list, setList] = useState(null);
    const [error, setError] = useState(null);
    const [notice, setNotice] = useState(null);
    const reload = useCallback(() => allPages('/api/backups/schedules').then((list) => {
        setList(list.map((x) => ({ ...x, key: x.id })));
    }, setError), []);
    useEffect(() => { reload(); }, [reload]);
    const set = (i, k, v) => setList((old) => old.map((s, j) => (j === i ? { ...s, [k]: v } : s)));
    const failed = async (err) => {
        if (err instanceof ApiError && (err.status === 409 || err.status === 404)) {
            setError(null);
            setNotice(`Someone else changed the schedules meanwhile (${err.detail || err.message}). The list is reloaded: check it and apply your change again.`);
            await reload();
        } else {
            setError(err);
        }
    };
    const save = async (i) => {
        const s = list[i];
        const body = { cron: s.cron, description: s.description || null };
        setNotice(null);
        try {
            const saved = s.id
                ? await api.put(path`/api/backups/schedules/${s.id}`, { ...body, version: s.version })
                : await api.post('/api/backups/schedules', body);
            setList((old) => old.map((x, j) => (j === i ? { ...saved, key: x.key } : x)));
            setError(null);
            toast('Schedule saved', 'success');
        } catch (err) {
            await failed(err);
        }
    };
    const remove = async (i) => {
        const s = list[i];
        setNotice(null);
        if (!s.id) {
            setList((old) => old.filter((_, j) => j !== i));
            return;
        }
        try {
            await api.del(path`/api/backups/schedules/${s.id}` + query({ version: s.version }));
            setList((old) => old.filter((_, j) => j !== i));
            toast('Schedule deleted', 'success');
        } catch (err) {
            await failed(err);
        }
    };
    const saveRow = (i) => (e) => {
        e.preventDefault();
        save(i);
    };
    return h(Dialog, { title: 'Backup schedules', onClose, testid: 'schedules-dialog', wide: true },
        h('p', { class: 'muted small' }, 'Cron expressions (second minute hour day month weekday). Runs missed while the service was down are not all fired at once.'),
        notice && h('div', { class: 'banner banner-warn', role: 'alert', 'data-testid': 'schedules-conflict' }, notice),
        h(ErrorBanner, { error }),
        !list && !error && h(Spinner, null),
        list && list.map((s, i) => h('form', { key: s.key, class: 'schedule-row', 'data-testid': 'schedule-row', 'data-id': s.id || '', onSubmit: saveRow(i) },
            h(Field, { label: 'Cron', name: `cron-${i}`, value: s.cron, onInput: (v) => set(i, 'cron', v), disabled: !perms.isAdmin, errors: error instanceof ApiError ? error.fieldErrors('cron') : [], testid: `schedule-${i}-cron` }),
            h(Field, { label: 'Description', name: `description-${i}`, value: s.description, onInput: (v) => set(i, 'description', v), disabled: !perms.isAdmin, testid: `schedule-${i}-description` }),
            h('div', { class: 'small muted' }, s.id ? `${s.lastFiredAt ? `last run ${formatTime(s.lastFiredAt)}` : 'not run yet'} · version ${s.version}` : 'not saved yet'),
            perms.isAdmin && h('div', { class: 'row-actions' },
                h('button', { type: 'submit', class: 'button small primary', 'data-testid': `schedule-${i}-save` }, 'Save'),
                h('button', { type: 'button', class: 'button small', onClick: () => remove(i), 'data-testid': `schedule-${i}-delete`, 'aria-label': `Delete schedule ${i + 1}` }, 'Delete')))),
        perms.isAdmin && list && h('div', { class: 'dialog-foot' },
            h('button', { type: 'button', class: 'button', onClick: () => setList((old) => [...old, { key: `new-${Date.now()}`, cron: '0 0 3 * * *', description: 'Nightly' }]), 'data-testid': 'schedule-add' }, 'Add schedule')));
}

// The retention policy (read by everyone, set by admins against the version they read) and the operations that
// deleted backups, automatic ones included.
function RetentionCard({ perms }) {
    const [policy, setPolicy] = useState(null);
    const [form, setForm] = useState(null);
    const [cleanups, setCleanups] = useState([]);
    const [error, setError] = useState(null);
    const [notice, setNotice] = useState(null);
    const load = useCallback(() => {
        api.get('/api/backups/retention').then((p) => {
            setPolicy(p);
            setForm({ keepLast: String(p.keepLast), maxAgeDays: p.maxAgeDays == null ? '' : String(p.maxAgeDays) });
        }, setError);
        api.get('/api/backups/cleanups').then((page) => setCleanups(page.items), () => setCleanups([]));
    }, []);
    useEffect(load, [load]);
    useOnOperationFinished(load);
    const save = async (e) => {
        e.preventDefault();
        setNotice(null);
        const toNumber = (v) => (String(v).trim() === '' ? null : Number(v));
        try {
            const saved = await api.put('/api/backups/retention', { keepLast: toNumber(form.keepLast), maxAgeDays: toNumber(form.maxAgeDays), version: policy.version });
            setPolicy(saved);
            setError(null);
            toast('Retention policy saved', 'success');
        } catch (err) {
            if (err instanceof ApiError && err.status === 409) {
                setError(null);
                setNotice(`Someone else changed the retention policy meanwhile (${err.detail || err.message}). It is reloaded: check it and apply your change again.`);
                load();
            } else {
                setError(err);
            }
        }
    };
    if (!policy && !error) return null;
    const deletedBy = (op) => op.outcome?.deletedBackupIds || [];
    const errorsFor = (path) => (error instanceof ApiError ? error.fieldErrors(path) : []);
    return h('section', { class: 'card retention', 'aria-labelledby': 'retention-title', 'data-testid': 'retention' },
        h('h2', { id: 'retention-title' }, 'Retention'),
        h('p', { class: 'muted small' }, 'Applied after every completed backup and once a day. Pinned backups, the newest one and any in use by a restore are always kept.'),
        notice && h('div', { class: 'banner banner-warn', role: 'alert', 'data-testid': 'retention-conflict' }, notice),
        h(ErrorBanner, { error }),
        form && h('form', { class: 'inline-form', onSubmit: save },
            h(Field, { label: 'Keep the newest', name: 'keepLast', type: 'number', value: form.keepLast, onInput: (v) => setForm((f) => ({ ...f, keepLast: v })), disabled: !perms.isAdmin, errors: errorsFor('keepLast'), testid: 'retention-keep-last' }),
            h(Field, { label: 'Delete older than (days, empty: no limit)', name: 'maxAgeDays', type: 'number', value: form.maxAgeDays, onInput: (v) => setForm((f) => ({ ...f, maxAgeDays: v })), disabled: !perms.isAdmin, errors: errorsFor('maxAgeDays'), testid: 'retention-max-age-days' }),
            perms.isAdmin && h('button', { type: 'submit', class: 'button primary', 'data-testid': 'retention-save' }, 'Save policy')),
        policy && h('p', { class: 'muted small', 'data-testid': 'retention-version' }, policy.version === 0 ? 'The configured default.' : `Version ${policy.version}, set by ${policy.changedBy} ${formatTime(policy.changedAt)}.`),
        h('h3', null, 'Recent deletions'),
        cleanups.length === 0 ? h('p', { class: 'muted small', 'data-testid': 'cleanups-none' }, 'None yet.')
            : h('ul', { 'data-testid': 'cleanups' }, cleanups.map((op) => h('li', { 'data-testid': 'cleanup-op', 'data-id': op.id },
                formatTime(op.finishedAt || op.startedAt), ' · ',
                op.kind === 'backup' ? `after backup ${op.id}` : op.startedBy === 'system:backup-service' ? 'daily cleanup' : `cleanup by ${op.startedBy}`,
                ' · ', op.status, ' · ',
                deletedBy(op).length === 0 ? 'nothing deleted' : `deleted ${deletedBy(op).join(', ')}`))));
}
