// Small building blocks every page uses: dialogs, labelled fields, diffs, badges, pagers, toasts.
import { h, Fragment, useEffect, useRef, useState, cx, formatValue } from './lib.js';
import { api, path, query } from './api.js';

let nextId = 0;
export function useId(prefix) {
    const ref = useRef(null);
    if (ref.current === null) ref.current = `${prefix}-${++nextId}`;
    return ref.current;
}

/**
 * A modal dialog on the native <dialog> element: the browser traps focus, makes the page behind it inert and
 * closes it on Escape (which we route to onClose so state stays in one place).
 */
export function Dialog({ title, onClose, children, testid, wide, footer }) {
    const ref = useRef(null);
    const titleId = useId('dialog-title');
    useEffect(() => {
        const d = ref.current;
        if (d && !d.open) d.showModal();
        return () => d && d.open && d.close();
    }, []);
    return h('dialog', {
        ref, class: cx('dialog', wide && 'dialog-wide'), 'aria-labelledby': titleId, 'data-testid': testid,
        onCancel: (e) => {
            e.preventDefault();
            onClose && onClose();
        }
    },
        h('div', { class: 'dialog-head' },
            h('h2', { id: titleId }, title),
            onClose && h('button', {
                type: 'button', class: 'icon-button', 'aria-label': 'Close', 'data-testid': `${testid}-close`,
                onClick: onClose
            }, '×')),
        h('div', { class: 'dialog-body' }, children),
        footer && h('div', { class: 'dialog-foot' }, footer));
}

/** A labelled input with its validation messages, tied together for screen readers. */
export function Field({ label, name, value, onInput, type = 'text', errors = [], testid, hint, required, ...rest }) {
    const id = useId(`f-${name}`);
    const errId = `${id}-err`;
    const hintId = `${id}-hint`;
    const described = [errors.length ? errId : null, hint ? hintId : null].filter(Boolean).join(' ') || undefined;
    const input = type === 'select'
        ? h('select', {
            id, name, value: value ?? '', 'aria-invalid': errors.length ? 'true' : undefined,
            'aria-describedby': described, 'data-testid': testid || `field-${name}`,
            onChange: (e) => onInput(e.target.value), ...rest
        }, rest.children)
        : type === 'textarea'
            ? h('textarea', {
                id, name, value: value ?? '', 'aria-invalid': errors.length ? 'true' : undefined,
                'aria-describedby': described, 'data-testid': testid || `field-${name}`,
                onInput: (e) => onInput(e.target.value), ...rest
            })
            : h('input', {
                id, name, type, value: value ?? '', required, 'aria-invalid': errors.length ? 'true' : undefined,
                'aria-describedby': described, 'data-testid': testid || `field-${name}`,
                onInput: (e) => onInput(type === 'checkbox' ? e.target.checked : e.target.value),
                ...(type === 'checkbox' ? { checked: !!value, value: undefined } : {}), ...rest
            });
    return h('div', { class: cx('field', errors.length && 'field-invalid', type === 'checkbox' && 'field-check') },
        h('label', { for: id }, label, required && h('span', { class: 'req', 'aria-hidden': 'true' }, ' *')),
        input,
        hint && h('div', { id: hintId, class: 'hint' }, hint),
        errors.length > 0 && h('div', { id: errId, class: 'field-error', 'data-testid': `error-${name}`, role: 'alert' },
            errors.map((e) => h('div', null, e.message || e))));
}

export function ErrorBanner({ error, testid = 'error-banner' }) {
    if (!error) return null;
    const unmatched = error.unmatched || [];
    return h('div', { class: 'banner banner-error', role: 'alert', 'data-testid': testid },
        h('strong', null, error.detail || error.message || String(error)),
        unmatched.length > 0 && h('ul', null, unmatched.map((e) => h('li', null, `${e.field}: ${e.message}`))));
}

const ACTION_LABELS = {
    create: 'Create', update: 'Update', delete: 'Delete', move: 'Move', rollback: 'Rollback', restore: 'Restore',
    external: 'External'
};

export function ActionBadge({ action }) {
    return h('span', { class: `badge action-${action}`, 'data-testid': 'action-badge', 'data-action': action },
        ACTION_LABELS[action] || action);
}

export function StatusBadge({ status }) {
    const label = { running: 'Running', completed: 'Completed', failed: 'Failed' }[status] || status;
    return h('span', { class: `badge status-${status}`, 'data-testid': 'status-badge', 'data-status': status },
        status === 'running' && h('span', { class: 'spinner', 'aria-hidden': 'true' }), label);
}

/** Field-level changes, before → after, as a table people can scan. */
export function ChangesTable({ changes, testid = 'changes' }) {
    if (!changes || changes.length === 0) {
        return h('p', { class: 'muted', 'data-testid': `${testid}-none` }, 'No field changed.');
    }
    return h('table', { class: 'diff', 'data-testid': testid },
        h('thead', null, h('tr', null, h('th', { scope: 'col' }, 'Field'), h('th', { scope: 'col' }, 'Before'),
            h('th', { scope: 'col', class: 'arrow-col', 'aria-hidden': 'true' }, ''), h('th', { scope: 'col' }, 'After'))),
        h('tbody', null, changes.map((c) => h('tr', {
            class: `diff-${c.kind || 'changed'}`, 'data-testid': 'change-row', 'data-path': c.path
        },
            h('th', { scope: 'row', class: 'path' }, c.path),
            h('td', { class: 'from', 'data-testid': 'change-from' }, c.kind === 'added' ? '—' : formatValue(c.from)),
            h('td', { class: 'arrow-col', 'aria-label': 'becomes' }, '→'),
            h('td', { class: 'to', 'data-testid': 'change-to' }, c.kind === 'removed' ? '—' : formatValue(c.to))))));
}

/**
 * What changed in a document between two of its versions, as the server's diff engine (document-diff, the one
 * the history shows) computes it: the UI has no diff of its own. The audit trail records a version shortly after
 * it is saved, so a version it does not have yet is asked for again for a few seconds.
 */
export function ServerChanges({ collection, documentId, from, to, testid }) {
    const [changes, setChanges] = useState(null);
    const [error, setError] = useState(null);
    useEffect(() => {
        let live = true;
        let timer = null;
        const load = (attempt) => api.get(path`/api/audit/${collection}/${documentId}/diff` + query({ from, to }))
            .then((d) => live && setChanges(Array.isArray(d) ? d : d?.changes ?? []), (e) => {
                if (!live) return;
                if (e.status === 404 && attempt < 20) timer = setTimeout(() => load(attempt + 1), 500);
                else setError(e.status === 404 ? new Error(`The history has not recorded version ${to} yet; its History shows it once it has.`) : e);
            });
        setChanges(null);
        setError(null);
        load(0);
        return () => {
            live = false;
            clearTimeout(timer);
        };
    }, [collection, documentId, from, to]);
    if (error) return h(ErrorBanner, { error, testid: `${testid}-error` });
    return changes === null ? h(Spinner, { label: 'Loading what changed…' }) : h(ChangesTable, { changes, testid });
}

export function Spinner({ label = 'Loading…' }) {
    return h('div', { class: 'loading', role: 'status' }, h('span', { class: 'spinner', 'aria-hidden': 'true' }), label);
}

// toasts: short confirmations announced to screen readers through a live region
let toastSeq = 0;
let toastList = [];
const toastListeners = new Set();

export function toast(message, kind = 'info') {
    const id = ++toastSeq;
    toastList = [...toastList, { id, message, kind }];
    toastListeners.forEach((l) => l(toastList));
    setTimeout(() => {
        toastList = toastList.filter((t) => t.id !== id);
        toastListeners.forEach((l) => l(toastList));
    }, kind === 'error' ? 9000 : 5000);
}

export function Toasts() {
    const [list, setList] = useState(toastList);
    useEffect(() => {
        toastListeners.add(setList);
        return () => toastListeners.delete(setList);
    }, []);
    return h('div', { class: 'toasts', 'aria-live': 'polite', 'data-testid': 'toasts' },
        list.map((t) => h('div', { class: `toast toast-${t.kind}`, 'data-testid': 'toast', key: t.id }, t.message)));
}

export { Fragment };
