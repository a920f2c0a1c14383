// The full-screen progress overlay of the global lock. It is a modal <dialog> opened last, so it sits above any
// dialog already open and the browser makes everything behind it inert: no click, no keyboard focus reaches the
// page while a backup, restore, point-in-time restore or cleanup runs. The server refuses such work too (409/423).
import { h, useEffect, useRef, formatTime } from './lib.js';
import { useOps, dismissFinished, KIND_LABELS } from './ops.js';

export function OpsOverlay() {
    const { op, finished, connected } = useOps();
    const failed = !op && finished && finished.phase === 'failed' ? finished : null;
    const shown = op || failed;
    const ref = useRef(null);

    useEffect(() => {
        const d = ref.current;
        if (!d) return;
        if (shown && !d.open) d.showModal();
        if (!shown && d.open) d.close();
    }, [!!shown]);

    const kind = shown ? (KIND_LABELS[shown.kind] || shown.kind) : '';
    const percent = shown ? Math.max(0, Math.min(100, Number(shown.percent) || 0)) : 0;
    return h('dialog', {
        ref, id: 'ops-overlay', class: 'ops-overlay', 'data-testid': 'ops-overlay',
        'aria-labelledby': 'ops-title', 'aria-describedby': 'ops-message',
        // Escape must not hide a running operation; a failure can be dismissed with its button
        onCancel: (e) => e.preventDefault()
    },
        shown && h('div', { class: 'ops-card', 'data-operation-id': shown.operationId, 'data-kind': shown.kind },
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
                        ' Reconnecting to the progress stream…'))));
}
