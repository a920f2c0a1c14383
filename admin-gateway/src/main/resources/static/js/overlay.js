// The full-screen progress overlay of the global lock. It is a modal <dialog> opened last, so it sits above any
// dialog already open and the browser makes everything behind it inert: no click, no keyboard focus reaches the
// page while a backup, restore, point-in-time restore or cleanup runs. The server refuses such work too (409/423).
// When a restore or point-in-time restore ends, the same dialog shows its outcome until dismissed.
import { h, useEffect, useRef, formatTime, formatDuration } from './lib.js';
import { href } from './nav.js';
import { useOps, dismissFinished, KIND_LABELS } from './ops.js';

export function OpsOverlay() {
    const { op, finished, outcome, connected } = useOps();
    const failed = !op && !outcome && finished && finished.phase === 'failed' ? finished : null;
    const ended = !op ? outcome : null;
    const shown = op || ended || failed;
    const ref = useRef(null);

    useEffect(() => {
        const d = ref.current;
        if (!d) return;
        if (shown && !d.open) d.showModal();
        if (!shown && d.open) d.close();
    }, [!!shown]);

    return h('dialog', {
        ref, id: 'ops-overlay', class: 'ops-overlay', 'data-testid': 'ops-overlay',
        'aria-labelledby': 'ops-title', 'aria-describedby': 'ops-message',
        // Escape must not hide a running operation; a failure or an outcome can be dismissed with its button
        onCancel: (e) => e.preventDefault()
    },
        ended ? h(Outcome, { operation: ended })
            : shown && h(Progress, { shown, failed, connected }));
}

function Progress({ shown, failed, connected }) {
    const kind = KIND_LABELS[shown.kind] || shown.kind;
    const percent = Math.max(0, Math.min(100, Number(shown.percent) || 0));
    return h('div', { class: 'ops-card', 'data-operation-id': shown.operationId, 'data-kind': shown.kind },
        h('h2', { id: 'ops-title', 'data-testid': 'ops-title' },
            failed ? `${kind} failed` : `${kind} in progress`),
        h('p', { class: 'ops-who', 'data-testid': 'ops-started-by' },
            `Started by ${shown.startedBy || 'unknown'}`, shown.startedAt ? ` at ${formatTime(shown.startedAt)}` : ''),
        h('div', {
            class: 'progress', role: 'progressbar', 'aria-valuemin': 0, 'aria-valuemax': 100,
            'aria-valuenow': percent, 'aria-label': `${kind} progress`, 'data-testid': 'ops-progress'
        }, h('div', { class: 'progress-bar', style: { width: `${percent}%` } })),
        h('p', { id: 'ops-message', class: 'ops-message', 'data-testid': 'ops-message', 'aria-live': 'polite' },
            `${percent}% · ${shown.message || ''}`),
        failed
            ? h('div', null,
                h('p', { class: 'banner banner-error', role: 'alert', 'data-testid': 'ops-error' },
                    failed.error || failed.message || 'The operation failed.'),
                h('button', {
                    type: 'button', class: 'button', 'data-testid': 'ops-dismiss', onClick: dismissFinished,
                    autofocus: true
                }, 'Dismiss'))
            : h('p', { class: 'muted' },
                'The catalog, backups and restores are locked until it finishes. ',
                'This screen clears by itself.',
                !connected && h('span', { class: 'ops-reconnecting', 'data-testid': 'ops-reconnecting' },
                    ' Reconnecting to the progress stream…')));
}

/** What an ended restore did, from GET /api/operations/{id}. */
function Outcome({ operation }) {
    const kind = KIND_LABELS[operation.kind] || operation.kind;
    const succeeded = operation.status === 'completed';
    const result = operation.outcome || {};
    const collections = Object.entries(result.collections || {});
    return h('div', { class: 'ops-card', 'data-testid': 'ops-outcome', 'data-operation-id': operation.id, 'data-status': operation.status },
        h('h2', { id: 'ops-title', 'data-testid': 'ops-outcome-title' }, `${kind} ${succeeded ? 'succeeded' : 'failed'}`),
        h('p', { id: 'ops-message', class: 'ops-who', 'data-testid': 'ops-outcome-summary' },
            `Started by ${operation.startedBy || 'unknown'}`,
            operation.startedAt ? ` at ${formatTime(operation.startedAt)}` : '',
            operation.durationMs != null ? ` · took ${formatDuration(operation.durationMs)}` : '',
            result.documentsChanged != null ? ` · ${result.documentsChanged} document${result.documentsChanged === 1 ? '' : 's'} changed` : ''),
        !succeeded && h('p', { class: 'banner banner-error', role: 'alert', 'data-testid': 'ops-error' },
            operation.error || 'The operation failed.'),
        collections.length > 0 && h('table', { class: 'diff', 'data-testid': 'ops-outcome-collections' },
            h('caption', { class: 'visually-hidden' }, 'Documents per collection'),
            h('thead', null, h('tr', null, ['Collection', 'Created', 'Changed', 'Deleted'].map((c) => h('th', { scope: 'col' }, c)))),
            h('tbody', null, collections.map(([name, c]) => h('tr', { 'data-collection': name },
                h('th', { scope: 'row' }, name), h('td', { 'data-count': 'created' }, c.created),
                h('td', { 'data-count': 'changed' }, c.changed), h('td', { 'data-count': 'deleted' }, c.deleted))))),
        result.preRestoreBackupId && h('p', null, 'To undo it, restore the pre-restore backup ',
            h('a', { href: href(`backups/full/${result.preRestoreBackupId}`), 'data-testid': 'ops-outcome-pre-restore', onClick: dismissFinished },
                h('code', null, result.preRestoreBackupId)), '.'),
        h('button', { type: 'button', class: 'button', 'data-testid': 'ops-dismiss', onClick: dismissFinished, autofocus: true }, 'Dismiss'));
}
