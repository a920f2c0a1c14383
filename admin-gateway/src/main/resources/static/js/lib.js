// One place that names the UI's only library, so every module imports the same Preact instance.
export { h, render, Fragment, createContext } from 'preact';
export { useState, useEffect, useRef, useCallback, useMemo, useContext, useReducer } from 'preact/hooks';

/** Joins class names, skipping falsy ones. */
export function cx(...names) {
    return names.filter(Boolean).join(' ');
}

/** Local, unambiguous date-time for an ISO instant (the API speaks UTC; people read local time). */
export function formatTime(iso) {
    if (!iso) return '';
    const d = new Date(iso);
    if (Number.isNaN(d.getTime())) return String(iso);
    return d.toLocaleString(undefined, {
        year: 'numeric', month: 'short', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit'
    });
}

export function formatBytes(n) {
    if (n === null || n === undefined || Number.isNaN(Number(n))) return '';
    let v = Number(n);
    const units = ['B', 'KB', 'MB', 'GB', 'TB'];
    let i = 0;
    while (v >= 1024 && i < units.length - 1) {
        v /= 1024;
        i++;
    }
    return `${v < 10 && i > 0 ? v.toFixed(1) : Math.round(v)} ${units[i]}`;
}

export function formatDuration(ms) {
    if (ms === null || ms === undefined) return '';
    const s = Number(ms) / 1000;
    if (s < 60) return `${s.toFixed(1)} s`;
    return `${Math.floor(s / 60)} min ${Math.round(s % 60)} s`;
}

/** A value as people read it in a diff: strings quoted, objects as compact JSON, absent as an em dash. */
export function formatValue(v) {
    if (v === undefined) return '—';
    if (v === null) return 'null';
    if (typeof v === 'string') return JSON.stringify(v);
    if (typeof v === 'object') return JSON.stringify(v);
    return String(v);
}

/** ISO instant from an <input type="datetime-local"> value (which is local time without a zone). */
export function localInputToIso(value) {
    if (!value) return '';
    const d = new Date(value);
    return Number.isNaN(d.getTime()) ? '' : d.toISOString();
}

export function isoToLocalInput(iso) {
    if (!iso) return '';
    const d = new Date(iso);
    if (Number.isNaN(d.getTime())) return '';
    const pad = (n) => String(n).padStart(2, '0');
    return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}
