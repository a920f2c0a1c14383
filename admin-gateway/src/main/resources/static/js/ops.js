// The client side of the global progress lock: what critical operation runs now, kept current from
// GET /api/ops/lock (on load and after every reconnect, so a session opened mid-operation or reloaded sees it)
// and the Server-Sent-Events stream /api/ops/events (re-opened with back-off when it drops). The same stream says
// which catalog documents got a new version ({@code catalog} events), so every open screen can follow them.
import { useEffect, useRef, useState } from './lib.js';
import { api, path } from './api.js';

const TERMINAL = new Set(['completed', 'failed']);
const MAX_BACKOFF_MS = 15000;

let state = { op: null, finished: null, outcome: null, connected: false };

// A restore's or point-in-time restore's outcome is shown when it ends, in every session that saw it run (its
// overlay, or the answer that started it here): read from GET /api/operations/{id}, the record the event names.
const OUTCOME_KINDS = new Set(['restore', 'pitr']);
const watched = new Set();

/** Shows this operation's outcome when it ends even if its overlay never showed here (it ended at once). */
export function watchOperation(operationId) {
    watched.add(operationId);
}

function showOutcome(ended, sawIt) {
    const id = ended?.operationId;
    if (!id || !(sawIt || watched.has(id))) return;
    watched.delete(id);
    if (!OUTCOME_KINDS.has(ended.kind)) return;
    api.get(path`/api/operations/${id}`).then((operation) => set({ outcome: operation }),
        () => set({ outcome: { id, kind: ended.kind, status: ended.phase, error: ended.error || 'The outcome could not be read.', outcome: null } }));
}
const listeners = new Set();
let source = null;
let backoff = 1000;
let reconnectTimer = null;
let started = false;

function set(patch) {
    state = { ...state, ...patch };
    listeners.forEach((l) => l(state));
}

/** The lock answer in any shape the gateway may use: 204/null, {locked:false}, {operation:{...}} or the event. */
function operationOf(body) {
    if (!body || typeof body !== 'object') return null;
    if (body.locked === false || body.held === false) return null;
    const op = body.operation || body.current || body.holder || body;
    if (!op || !op.operationId) return null;
    if (op.blocking === false) return null;
    return TERMINAL.has(op.phase) ? null : op;
}

/** Applies a lock state ({locked, operation}): the gateway sends one on every (re)connect and on every change. */
function applyLock(body) {
    const op = operationOf(body);
    if (op) {
        set({ op: { ...(state.op && state.op.operationId === op.operationId ? state.op : {}), ...op }, finished: null });
    } else if (state.op) {
        // released (possibly while we were not listening): clear it; a failure's own event follows with its error
        const ended = state.op;
        set({ op: null, finished: { ...ended, phase: 'completed' } });
        showOutcome(ended, true);
    }
}

async function refreshLock() {
    try {
        applyLock(await api.get('/api/ops/lock'));
    } catch (e) {
        // 401 is handled by the app; anything else: the stream will tell us
    }
}

function onLock(message) {
    try {
        applyLock(JSON.parse(message.data));
    } catch (e) {
        // not JSON: ignore
    }
}

function onProgress(message) {
    let event;
    try {
        event = JSON.parse(message.data);
    } catch (e) {
        return;
    }
    if (!event || !event.operationId) return;
    if (event.blocking === false) {
        set({ lastNonBlocking: event });
        return;
    }
    if (TERMINAL.has(event.phase)) {
        const sawIt = state.op?.operationId === event.operationId;
        if (!state.op || sawIt) {
            set({ op: null, finished: event });
        }
        showOutcome(event, sawIt);
        return;
    }
    set({ op: event, finished: null });
}

const catalogListeners = new Set();

function onCatalog(message) {
    let event;
    try {
        event = JSON.parse(message.data);
    } catch (e) {
        return;
    }
    if (!event || !Array.isArray(event.changes)) return;
    catalogListeners.forEach((l) => l(event));
}

function connect() {
    if (source) source.close();
    source = new EventSource('/api/ops/events');
    source.onopen = () => {
        backoff = 1000;
        set({ connected: true });
        refreshLock();
    };
    source.onmessage = onProgress;
    source.addEventListener('progress', onProgress);
    source.addEventListener('lock', onLock);
    source.addEventListener('catalog', onCatalog);
    source.onerror = () => {
        // the browser retries by itself only for some failures; take over so the back-off is ours and bounded
        source.close();
        source = null;
        set({ connected: false });
        clearTimeout(reconnectTimer);
        reconnectTimer = setTimeout(connect, backoff);
        backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
    };
}

/** Starts following the lock once a user is logged in. */
export function startOps() {
    if (started) return;
    started = true;
    refreshLock();
    connect();
}

export function stopOps() {
    started = false;
    clearTimeout(reconnectTimer);
    if (source) source.close();
    source = null;
    state = { op: null, finished: null, outcome: null, connected: false };
    watched.clear();
}

export function dismissFinished() {
    set({ finished: null, outcome: null });
}

/** Is a blocking operation running now? Write actions check this before they start. */
export function opsBusy() {
    return !!state.op;
}

export function useOps() {
    const [s, setS] = useState(state);
    useEffect(() => {
        listeners.add(setS);
        setS(state);
        return () => listeners.delete(setS);
    }, []);
    return s;
}

/** Calls back whenever an operation finishes (for lists to reload). */
export function useOnOperationFinished(callback) {
    useEffect(() => {
        let last = state.finished;
        const l = (s) => {
            if (s.finished && s.finished !== last) callback(s.finished);
            last = s.finished;
        };
        listeners.add(l);
        return () => listeners.delete(l);
    }, [callback]);
}

/**
 * Calls back with every batch of catalog changes ({changes: [{collection, documentId, version, action, changedBy}],
 * more}) that another session, a rollback, a restore or a write outside the API made, once it is in the history.
 * With `coalesceMs`, one call at most per that many milliseconds, after the burst (a restore sends many batches).
 */
export function useCatalogChanges(callback, coalesceMs = 0) {
    const latest = useRef(callback);
    latest.current = callback;
    useEffect(() => {
        let timer = null;
        const l = (event) => {
            if (!coalesceMs) return latest.current(event);
            if (timer) return;
            timer = setTimeout(() => {
                timer = null;
                latest.current(event);
            }, coalesceMs);
        };
        catalogListeners.add(l);
        return () => {
            catalogListeners.delete(l);
            clearTimeout(timer);
        };
    }, [coalesceMs]);
}

export const KIND_LABELS = {
    backup: 'Backup',
    restore: 'Restore',
    pitr: 'Point-in-time restore',
    cleanup: 'Backup cleanup',
    verify: 'Verification'
};
