// The catalog editor: brands → models → engines, with search, "load more" paging, create / edit / delete / move,
// per-field validation messages, and what happens when someone else changes a document: every list and panel
// follows the catalog events of the gateway's stream, and an open edit form is told it went stale and merged
// field by field with their version (merge.js) before anything is saved.
import { h, Fragment, useEffect, useRef, useState, useCallback, cx, formatTime } from './lib.js';
import { api, path, query, reasonHeader, ApiError } from './api.js';
import { useOps, useCatalogChanges } from './ops.js';
import { mergeForm, resolveConflict } from './merge.js';
import { navigate, href, documentAddressProblem } from './nav.js';
import {
    Dialog, Field, ErrorBanner, Spinner, ServerChanges, toast
} from './components.js';

const PAGE_SIZE = 20;

// The fields, their order, types, limits and options are catalog-service's (GET /api/catalog/schema, read from
// its Body records): loadSchema() fills `fields` and STAGE_FIELDS in. Only what people read is kept here.
export const KINDS = {
    brands: { label: 'Brands', singular: 'brand', parentKey: null, parentKind: null, fields: [] },
    models: { label: 'Models', singular: 'model', parentKey: 'brandId', parentKind: 'brands', fields: [] },
    engines: { label: 'Engines', singular: 'engine', parentKey: 'modelId', parentKind: 'models', fields: [], stages: false }
};

const LABELS = {
    name: 'Name', country: 'Country (ISO code)', founded: 'Founded', logoUrl: 'Logo URL', description: 'Description',
    yearFrom: 'Year from', yearTo: 'Year to', bodyType: 'Body type', fuel: 'Fuel', powerHp: 'Power (hp)',
    torqueNm: 'Torque (Nm)', displacementCc: 'Displacement (cc)', cylinders: 'Cylinders', engineCode: 'Engine code'
};
const HINTS = { country: 'Two capital letters, e.g. DE' };
const STAGE_LABELS = { stage: 'Stage', powerHp: 'hp', torqueNm: 'Nm', priceEur: '€' };

let RESERVED = new Set();
let STAGE_FIELDS = [];

/** A served field as a form field: numbers typed as numbers, long text in a text area. */
const formField = (f, labels) => ({
    ...f, label: labels[f.name] || f.name, hint: HINTS[f.name],
    type: f.type === 'integer' ? 'number' : f.maxLength >= 1000 ? 'textarea' : 'text'
});

let schemaLoad = null;
let schemaReady = false;
/** Fetches the form schema once per page load and fills KINDS in; resolves when the forms can be drawn. */
function loadSchema() {
    schemaLoad = schemaLoad || api.get('/api/catalog/schema').then((schema) => {
        for (const [kind, spec] of Object.entries(KINDS)) {
            const served = schema.kinds[kind].fields;
            const list = served.find((f) => f.type === 'array');
            spec.fields = served.filter((f) => f !== list).map((f) => formField(f, LABELS));
            if (list) {
                spec.stages = true;
                STAGE_FIELDS = list.items.map((f) => formField(f, STAGE_LABELS));
            }
        }
        RESERVED = new Set(schema.notBusiness);
        schemaReady = true;
    }, (e) => {
        schemaLoad = null; // a failed load is tried again on the next visit
        throw e;
    });
    return schemaLoad;
}


export const idOf = (doc) => doc?.id;

/** The business fields of a document as the API returned it, without bookkeeping. */
function businessFields(doc) {
    const out = {};
    for (const [k, v] of Object.entries(doc || {})) if (!RESERVED.has(k)) out[k] = v;
    return out;
}

function summary(kind, doc) {
    if (kind === 'engines') {
        return [doc.fuel, doc.powerHp != null ? `${doc.powerHp} hp` : null, doc.torqueNm != null ? `${doc.torqueNm} Nm` : null]
            .filter(Boolean).join(' · ');
    }
    if (kind === 'models') return [doc.yearFrom, doc.yearTo].filter((v) => v != null).join('–');
    return doc.country || '';
}

export function CatalogPage({ perms, route }) {
    const params = route.params;
    const [reloadKey, setReloadKey] = useState(0);
    const [dialog, setDialog] = useState(null);
    const select = (patch) => navigate('catalog', { ...params, ...patch });
    const reload = () => setReloadKey((k) => k + 1);
    // edits, rollbacks and restores made anywhere else: what this page lists follows them
    useCatalogChanges(reload, 400);
    const [schema, setSchema] = useState({ ready: schemaReady, error: null });
    useEffect(() => {
        if (!schema.ready) loadSchema().then(() => setSchema({ ready: true, error: null }), (error) => setSchema({ ready: false, error }));
    }, []);
    if (!schema.ready) return schema.error ? h(ErrorBanner, { error: schema.error }) : h(Spinner, null);

    const focusKind = params.engine ? 'engines' : params.model ? 'models' : params.brand ? 'brands' : null;
    const focusId = focusKind ? params[KINDS[focusKind].singular] : null;

    return h('section', { class: 'catalog', 'aria-labelledby': 'catalog-title' },
        h('div', { class: 'page-head' },
            h('h1', { id: 'catalog-title' }, 'Catalog'),
            h('p', { class: 'muted' }, 'Brands, their models and the engines with their tuning stages. Pick a brand, then a model.')),
        h('div', { class: 'catalog-grid' },
            h(KindColumn, {
                kind: 'brands', parentId: null, selectedId: params.brand, reloadKey, perms,
                onSelect: (id) => select({ brand: id, model: undefined, engine: undefined }),
                onCreate: () => setDialog({ type: 'edit', kind: 'brands', doc: null })
            }),
            h(KindColumn, {
                kind: 'models', parentId: params.brand, selectedId: params.model, reloadKey, perms,
                onSelect: (id) => select({ model: id, engine: undefined }),
                onCreate: () => setDialog({ type: 'edit', kind: 'models', doc: null, parentId: params.brand })
            }),
            h(KindColumn, {
                kind: 'engines', parentId: params.model, selectedId: params.engine, reloadKey, perms,
                onSelect: (id) => select({ engine: id }),
                onCreate: () => setDialog({ type: 'edit', kind: 'engines', doc: null, parentId: params.model })
            }),
            h(DocumentPanel, {
                kind: focusKind, id: focusId, reloadKey, perms,
                onEdit: (doc) => setDialog({ type: 'edit', kind: focusKind, doc }),
                onMove: (doc) => setDialog({ type: 'move', kind: focusKind, doc }),
                onDelete: (doc) => setDialog({ type: 'delete', kind: focusKind, doc })
            })),
        dialog?.type === 'edit' && h(EditDialog, {
            ...dialog, onClose: () => setDialog(null),
            onSaved: (saved) => {
                setDialog(null);
                reload();
                if (!dialog.doc && saved?.id) select({ [KINDS[dialog.kind].singular]: saved.id });
            }
        }),
        dialog?.type === 'move' && h(MoveDialog, { ...dialog, onClose: () => setDialog(null), onMoved: () => { setDialog(null); reload(); } }),
        dialog?.type === 'delete' && h(DeleteDialog, {
            ...dialog, onClose: () => setDialog(null),
            onDeleted: () => {
                setDialog(null);
                reload();
                select({ [KINDS[dialog.kind].singular]: undefined });
            }
        }));
}

function KindColumn({ kind, parentId, selectedId, onSelect, onCreate, perms, reloadKey }) {
    const spec = KINDS[kind];
    const [q, setQ] = useState('');
    // {items, next, total} of every page loaded so far; null while the first one loads
    const [list, setList] = useState(null);
    const [loadingMore, setLoadingMore] = useState(false);
    const [error, setError] = useState(null);
    const { op } = useOps();
    const needsParent = spec.parentKey && !parentId;
    const loaded = useRef({ key: null, count: 0 });

    useEffect(() => {
        let live = true;
        // a reload of the same list (someone changed the catalog) keeps as many items as were shown
        const key = `${kind}|${parentId || ''}|${q}`;
        const limit = loaded.current.key === key ? Math.min(500, Math.max(PAGE_SIZE, loaded.current.count)) : PAGE_SIZE;
        if (loaded.current.key !== key) setList(null);
        const t = setTimeout(() => {
            api.get(path`/api/catalog/${kind}` + query({ parentId, q, limit }))
                .then((d) => {
                    if (!live) return;
                    loaded.current = { key, count: d.items.length };
                    setList(d);
                    setError(null);
                }, (e) => live && setError(e));
        }, q ? 250 : 0);
        return () => {
            live = false;
            clearTimeout(t);
        };
    }, [kind, parentId, q, reloadKey]);

    const more = async () => {
        setLoadingMore(true);
        try {
            const d = await api.get(path`/api/catalog/${kind}` + query({ parentId, q, limit: PAGE_SIZE, cursor: list.next }));
            setList((old) => {
                const items = [...old.items, ...d.items];
                loaded.current = { ...loaded.current, count: items.length };
                return { items, next: d.next, total: d.total };
            });
        } catch (e) {
            setError(e);
        } finally {
            setLoadingMore(false);
        }
    };

    const items = list ? list.items : [];
    const searchId = `search-${kind}`;
    return h('section', { class: 'card column', 'aria-labelledby': `col-${kind}`, 'data-testid': `column-${kind}` },
        h('div', { class: 'column-head' },
            h('h2', { id: `col-${kind}` }, spec.label),
            perms.canEdit && h('button', {
                type: 'button', class: 'button small primary', onClick: onCreate, disabled: !!op || needsParent,
                title: needsParent ? `Pick a ${KINDS[spec.parentKind].singular} first` : undefined,
                'data-testid': `create-${kind}`
            }, `New ${spec.singular}`)),
        h('label', { class: 'visually-hidden', for: searchId }, `Search ${spec.label.toLowerCase()}`),
        h('input', {
            id: searchId, type: 'search', class: 'search', value: q, placeholder: needsParent ? `Search all ${spec.label.toLowerCase()}` : 'Search…',
            onInput: (e) => setQ(e.target.value), 'data-testid': `search-${kind}`
        }),
        h(ErrorBanner, { error }),
        list === null && !error ? h(Spinner, null)
            : items.length === 0 ? h('p', { class: 'muted empty' }, q ? 'Nothing matches.' : `No ${spec.label.toLowerCase()} here yet.`)
                : h('ul', { class: 'item-list', role: 'list' }, items.map((doc) => h('li', { key: idOf(doc) },
                    h('button', {
                        type: 'button', class: cx('item', idOf(doc) === selectedId && 'selected'),
                        'aria-pressed': idOf(doc) === selectedId ? 'true' : 'false',
                        onClick: () => onSelect(idOf(doc)), 'data-testid': `item-${kind}`, 'data-id': idOf(doc)
                    },
                        h('span', { class: 'item-name' }, doc.name || idOf(doc)),
                        h('span', { class: 'item-meta' }, summary(kind, doc)))))),
        list && h('div', { class: 'pager', 'data-testid': `pager-${kind}` },
            h('span', { class: 'muted small', 'data-testid': `count-${kind}` }, `${items.length} of ${list.total}`),
            list.next && h('button', {
                type: 'button', class: 'button small', disabled: loadingMore, onClick: more, 'data-testid': `more-${kind}`
            }, loadingMore ? 'Loading…' : 'Load more')));
}

function DocumentPanel({ kind, id, perms, reloadKey, onEdit, onMove, onDelete }) {
    const [doc, setDoc] = useState(null);
    const [error, setError] = useState(null);
    const { op } = useOps();
    const shown = useRef(null);
    useEffect(() => {
        // a reload of the same document keeps it on screen until the new version arrives
        if (shown.current !== `${kind}/${id}`) setDoc(null);
        shown.current = `${kind}/${id}`;
        setError(null);
        if (!kind || !id) return;
        const problem = documentAddressProblem(kind, id);
        if (problem) {
            setError(new ApiError(400, { detail: problem }));
            return;
        }
        let live = true;
        api.get(path`/api/catalog/${kind}/${id}`).then((d) => live && setDoc(d), (e) => live && setError(e));
        return () => (live = false);
    }, [kind, id, reloadKey]);

    if (!kind || !id) {
        return h('section', { class: 'card detail', 'aria-label': 'Details', 'data-testid': 'detail' },
            h('p', { class: 'muted' }, 'Select a brand, model or engine to see its details.'));
    }
    const spec = KINDS[kind];
    const locked = !!op;
    return h('section', { class: 'card detail', 'aria-labelledby': 'detail-title', 'data-testid': 'detail', 'data-kind': kind, 'data-id': id },
        h(ErrorBanner, { error }),
        !doc && !error && h(Spinner, null),
        doc && h(Fragment, null,
            h('div', { class: 'column-head' },
                h('h2', { id: 'detail-title' }, doc.name || id),
                h('span', { class: 'badge neutral', 'data-testid': 'detail-version' }, `v${doc.version}`)),
            h('p', { class: 'muted small' }, spec.singular, ' · ', h('code', null, id)),
            h('dl', { class: 'props' },
                Object.entries(businessFields(doc)).filter(([k]) => !['stages', 'position', spec.parentKey].includes(k)).map(([k, v]) => h(Fragment, null,
                    h('dt', null, (spec.fields.find((f) => f.name === k)?.label) || k),
                    h('dd', { 'data-testid': `detail-${k}` }, v === null || v === undefined ? '—' : typeof v === 'object' ? JSON.stringify(v) : String(v))))),
            Array.isArray(doc.stages) && doc.stages.length > 0 && h('table', { class: 'stages' },
                h('caption', null, 'Tuning stages'),
                h('thead', null, h('tr', null, STAGE_FIELDS.map((f) => h('th', { scope: 'col' }, f.label)))),
                h('tbody', null, doc.stages.map((s) => h('tr', null, STAGE_FIELDS.map((f) => h('td', null, s[f.name] ?? '—')))))),
            doc.changedBy && h('p', { class: 'muted small', 'data-testid': 'detail-last-change' },
                `Last ${doc.action || 'change'} by ${doc.changedBy}`, doc.changedAt ? ` · ${formatTime(doc.changedAt)}` : '',
                doc.reason ? ` · “${doc.reason}”` : ''),
            doc.createdBy && h('p', { class: 'muted small', 'data-testid': 'detail-created' },
                `Created by ${doc.createdBy}`, doc.createdAt ? ` · ${formatTime(doc.createdAt)}` : ''),
            h('div', { class: 'actions' },
                perms.canEdit && h('button', { type: 'button', class: 'button primary', disabled: locked, onClick: () => onEdit(doc), 'data-testid': 'edit-document' }, 'Edit'),
                perms.canEdit && h('button', { type: 'button', class: 'button', disabled: locked, onClick: () => onMove(doc), 'data-testid': 'move-document' }, 'Move'),
                perms.canEdit && h('button', { type: 'button', class: 'button danger', disabled: locked, onClick: () => onDelete(doc), 'data-testid': 'delete-document' }, 'Delete'),
                h('a', { class: 'button', href: href('backups/history', { collection: kind, documentId: id }), 'data-testid': 'open-history' }, 'History'))));
}

/** Input strings from a document, so the form edits text and converts back on save. */
function formValues(spec, doc) {
    const v = {};
    for (const f of spec.fields) v[f.name] = doc?.[f.name] == null ? '' : String(doc[f.name]);
    if (spec.stages) {
        v.stages = (doc?.stages || []).map((s) => Object.fromEntries(STAGE_FIELDS.map((f) => [f.name, s[f.name] == null ? '' : String(s[f.name])])));
    }
    return v;
}

function toNumber(s) {
    if (s === '' || s == null) return null;
    const n = Number(s);
    return Number.isNaN(n) ? s : n; // a non-number goes to the API as typed, so its message names the field
}

function bodyFrom(spec, values, base) {
    const body = businessFields(base);
    for (const f of spec.fields) {
        const raw = values[f.name];
        const v = f.type === 'number' ? toNumber(raw) : (raw ?? '').trim();
        if ((v === null || v === '') && !f.required) delete body[f.name];
        else body[f.name] = v === '' ? null : v;
    }
    if (spec.stages) {
        body.stages = values.stages.map((s) => Object.fromEntries(STAGE_FIELDS.map((f) => [f.name, f.type === 'number' ? toNumber(s[f.name]) : s[f.name]])));
        if (body.stages.length === 0 && !base?.stages) delete body.stages;
    }
    return body;
}

/** A form path (name, stages[1].priceEur, stages[2]) as the user reads it. */
function pathLabel(spec, path) {
    const stage = /^stages\[(\d+)\](?:\.(\w+))?$/.exec(path);
    if (stage) {
        const f = STAGE_FIELDS.find((x) => x.name === stage[2]);
        return `Stage ${Number(stage[1]) + 1}${f ? ` ${f.label}` : ''}`;
    }
    return spec.fields.find((f) => f.name === path)?.label || path;
}

/** What a form path holds in form values, for showing both sides of a conflict. */
function formValueAt(values, path) {
    const stage = /^stages\[(\d+)\](?:\.(\w+))?$/.exec(path);
    if (!stage) return values[path];
    const element = values.stages?.[Number(stage[1])];
    return stage[2] ? element?.[stage[2]] : element;
}

function showFormValue(v) {
    if (v === undefined) return '(none)';
    if (v !== null && typeof v === 'object') return Object.values(v).join(' · ');
    return v === '' ? '(empty)' : String(v); // form values are the text the user sees in the field
}

function EditDialog({ kind, doc, parentId, onClose, onSaved }) {
    const spec = KINDS[kind];
    const creating = !doc;
    const [base, setBase] = useState(doc);
    const [values, setValues] = useState(() => formValues(spec, doc));
    const [reason, setReason] = useState('');
    const [error, setError] = useState(null);
    // someone else's newer version: {cause: 'saved'|'changed'|'deleted', current, since: the version the form was on, merge, open: paths to decide}
    const [stale, setStale] = useState(null);
    const [busy, setBusy] = useState(false);
    const { op } = useOps();
    const latest = useRef({});
    latest.current = { base, values, stale, busy };
    const set = (name) => (v) => setValues((old) => ({ ...old, [name]: v }));
    const setStage = (i, name, v) => setValues((old) => ({ ...old, stages: old.stages.map((s, j) => (j === i ? { ...s, [name]: v } : s)) }));

    const errorsFor = (name) => (error instanceof ApiError ? error.fieldErrors(name) : []);
    const knownFields = new Set([...spec.fields.map((f) => f.name), 'stages', spec.parentKey]);
    const open = stale?.open ?? [];

    /** Puts the user's edits on top of `current`, field by field, and says what happened; nothing is saved yet. */
    const rebase = (current, cause) => {
        const { base: was, values: mine, stale: before } = latest.current;
        const theirs = formValues(spec, current);
        const merge = mergeForm(formValues(spec, was), theirs, mine);
        // a conflict still undecided from an earlier merge stays a conflict, now against the newest version
        for (const path of before?.open ?? []) {
            if (merge.conflicts.some((c) => c.path === path)) continue;
            const old = before.merge.conflicts.find((c) => c.path === path);
            merge.conflicts.push({ path, theirs: formValueAt(theirs, path), mine: old.mine });
            merge.kept = merge.kept.filter((p) => p !== path);
        }
        setBase(current);
        setValues(merge.values);
        setStale({ cause, current, merge, since: was.version, open: merge.conflicts.map((c) => c.path) });
        setError(null);
    };

    /** Rebases on a newer version if there is one; false if the stored version is still the form's. */
    const checkCurrent = async (cause) => {
        const id = idOf(latest.current.base);
        try {
            const current = await api.get(path`/api/catalog/${kind}/${id}`);
            if (current.version <= latest.current.base.version) return false;
            rebase(current, cause);
            return true;
        } catch (e) {
            if (e.status !== 404) return false;
            setStale({ cause: 'deleted', open: [] });
            return true;
        }
    };

    // another session, a rollback or a restore changed this document while the form is open
    useCatalogChanges((event) => {
        const { base: now, busy: saving } = latest.current;
        if (creating || saving || latest.current.stale?.cause === 'deleted') return;
        if (event.more || event.changes.some((c) => c.collection === kind && c.documentId === idOf(now) && c.version > now.version)) {
            checkCurrent('changed');
        }
    });

    const submit = async (e) => {
        e.preventDefault();
        if (op) {
            setError(new ApiError(423, { detail: 'A restore or backup is running; the catalog is locked until it finishes.' }));
            return;
        }
        setBusy(true);
        setError(null);
        const body = bodyFrom(spec, values, base);
        if (creating && spec.parentKey) body[spec.parentKey] = parentId;
        try {
            const { payload: saved, nothingChanged } = creating
                ? await api.post(path`/api/catalog/${kind}`, body, { ...reasonHeader(reason), withOutcome: true })
                : await api.put(path`/api/catalog/${kind}/${idOf(base)}`, { ...body, version: base.version }, { ...reasonHeader(reason), withOutcome: true });
            if (nothingChanged) toast('Nothing changed', 'info');
            else toast(creating ? `${spec.singular[0].toUpperCase()}${spec.singular.slice(1)} created` : 'Saved', 'success');
            onSaved(saved);
        } catch (err) {
            if (err.status === 409 && !creating) {
                // a 409 for another reason (the parent is gone, say) is shown as it is
                if (!(await checkCurrent('saved'))) setError(err);
            } else {
                const unmatched = err.errors.filter((fe) => !knownFields.has(String(fe.field).split(/[.[]/)[0]));
                err.unmatched = unmatched;
                setError(err);
            }
        } finally {
            setBusy(false);
        }
    };

    const reloadTheirs = () => {
        setValues(formValues(spec, stale.current));
        setStale(null);
        setError(null);
    };
    const choose = (path, side) => {
        setValues((old) => resolveConflict(stale.merge, old, path, side));
        setStale((s) => ({ ...s, open: s.open.filter((p) => p !== path), chosen: { ...s.chosen, [path]: side } }));
    };

    const who = stale?.current;
    const subject = `${spec.singular[0].toUpperCase()}${spec.singular.slice(1)}`;
    return h(Dialog, {
        title: creating ? `New ${spec.singular}` : `Edit ${spec.singular}: ${doc.name || idOf(doc)}`,
        onClose, testid: 'edit-dialog', wide: kind === 'engines'
    },
        h('form', { onSubmit: submit, noValidate: true, 'data-testid': 'edit-form' },
            stale?.cause === 'deleted' && h('div', { class: 'banner banner-error', role: 'alert', 'data-testid': 'stale-deleted' },
                h('strong', null, `Someone deleted this ${spec.singular} while you were editing it.`),
                h('p', null, 'Saving is not possible. Its history keeps every version; a rollback there brings it back.')),
            stale?.current && h('div', { class: 'banner banner-warn', role: 'alert', 'data-testid': 'conflict', 'data-cause': stale.cause },
                h('strong', null, stale.cause === 'saved' ? `Someone else saved this ${spec.singular} first` : `${subject} changed since you opened it`),
                h('p', null, `Now version ${stale.current.version}`,
                    who?.changedBy ? `, ${who.action || 'changed'} by ${who.changedBy}` : '',
                    who?.changedAt ? ` at ${formatTime(who.changedAt)}` : '', '. What they changed:'),
                h(ServerChanges, { collection: kind, documentId: idOf(stale.current), from: stale.since, to: stale.current.version, testid: 'conflict-changes' }),
                stale.merge.taken.length > 0 && h('p', { 'data-testid': 'merge-taken' },
                    'Their changes are in your form: ', stale.merge.taken.map((p) => pathLabel(spec, p)).join(', '), '.'),
                stale.merge.kept.length > 0 && h('p', { 'data-testid': 'merge-kept' },
                    'Your edits are kept: ', stale.merge.kept.map((p) => pathLabel(spec, p)).join(', '), '.'),
                stale.merge.conflicts.length > 0 && h('ul', { class: 'merge-conflicts', 'aria-label': 'Changed by both of you' },
                    stale.merge.conflicts.map((c) => h('li', {
                        'data-testid': 'merge-conflict', 'data-path': c.path, 'data-chosen': stale.chosen?.[c.path] || ''
                    },
                        h('span', null, `Both of you changed ${pathLabel(spec, c.path)}: `),
                        h('button', {
                            type: 'button', class: cx('button small', stale.chosen?.[c.path] === 'theirs' && 'primary'),
                            'aria-pressed': stale.chosen?.[c.path] === 'theirs' ? 'true' : 'false',
                            onClick: () => choose(c.path, 'theirs'), 'data-testid': 'merge-use-theirs'
                        }, `Theirs: ${showFormValue(c.theirs)}`),
                        h('button', {
                            type: 'button', class: cx('button small', stale.chosen?.[c.path] === 'mine' && 'primary'),
                            'aria-pressed': stale.chosen?.[c.path] === 'mine' ? 'true' : 'false',
                            onClick: () => choose(c.path, 'mine'), 'data-testid': 'merge-use-mine'
                        }, `Yours: ${showFormValue(c.mine)}`)))),
                h('p', { class: 'small', 'data-testid': 'merge-next' }, open.length > 0
                    ? `Choose a value for ${open.length === 1 ? 'the field' : `the ${open.length} fields`} you both changed; nothing is saved yet.`
                    : `Review the merged form below; Save puts it on top of version ${stale.current.version}.`),
                h('div', { class: 'actions' },
                    h('button', { type: 'button', class: 'button', onClick: reloadTheirs, 'data-testid': 'conflict-reload' }, 'Discard my edits, load their version'))),
            h(ErrorBanner, { error: error && (error.errors.length === 0 || error.unmatched?.length) ? error : null, testid: 'edit-error' }),
            h('div', { class: 'form-grid' },
                spec.fields.map((f) => h(Field, {
                    label: f.label, name: f.name, value: values[f.name], onInput: set(f.name), required: f.required,
                    type: f.options ? 'select' : f.type || 'text', errors: errorsFor(f.name), hint: f.hint,
                    children: f.options && [h('option', { value: '' }, f.required ? 'Choose…' : '—'), ...f.options.map((o) => h('option', { value: o }, o))]
                }))),
            spec.stages && h('fieldset', { class: 'stages-edit', 'data-testid': 'stages' },
                h('legend', null, 'Tuning stages'),
                values.stages.length === 0 && h('p', { class: 'muted small' }, 'No stages.'),
                values.stages.map((s, i) => h('div', { class: 'stage-row', 'data-testid': 'stage-row' },
                    STAGE_FIELDS.map((f) => h(Field, {
                        label: `Stage ${i + 1} ${f.label}`, name: `stages[${i}].${f.name}`, type: f.type, value: s[f.name],
                        onInput: (v) => setStage(i, f.name, v), errors: errorsFor(`stages[${i}].${f.name}`),
                        testid: `stage-${i}-${f.name}`
                    })),
                    h('button', {
                        type: 'button', class: 'button small', 'aria-label': `Remove stage ${i + 1}`, 'data-testid': `stage-${i}-remove`,
                        disabled: open.length > 0,
                        // stages are numbered 1, 2, 3 ... in order: the ones behind a removed stage move up a number
                        onClick: () => setValues((old) => ({
                            ...old, stages: old.stages.filter((_, j) => j !== i).map((st, j) => (j < i ? st : { ...st, stage: String(j + 1) }))
                        }))
                    }, 'Remove'))),
                h('button', {
                    type: 'button', class: 'button small', 'data-testid': 'stage-add', disabled: open.length > 0,
                    onClick: () => setValues((old) => ({
                        ...old, stages: [...old.stages, Object.fromEntries(STAGE_FIELDS.map((f) => [f.name, f.name === 'stage' ? String(old.stages.length + 1) : '']))]
                    }))
                }, 'Add stage'),
                errorsFor('stages').filter((e) => e.field === 'stages').map((e) => h('div', { class: 'field-error' }, e.message))),
            h(Field, { label: 'Reason for this change (optional, kept in the history)', name: 'reason', value: reason, onInput: setReason, maxLength: 500, testid: 'change-reason' }),
            h('div', { class: 'dialog-foot' },
                h('button', { type: 'button', class: 'button', onClick: onClose, 'data-testid': 'edit-cancel' }, 'Cancel'),
                h('button', {
                    type: 'submit', class: 'button primary', disabled: busy || open.length > 0 || stale?.cause === 'deleted', 'data-testid': 'edit-save'
                }, busy ? 'Saving…' : creating ? 'Create' : 'Save'))));
}

function MoveDialog({ kind, doc, onClose, onMoved }) {
    const spec = KINDS[kind];
    const parentKind = spec.parentKind;
    const [q, setQ] = useState('');
    const [candidates, setCandidates] = useState([]);
    const [parentId, setParentId] = useState(spec.parentKey ? doc[spec.parentKey] : null);
    const [position, setPosition] = useState('');
    const [error, setError] = useState(null);
    const [busy, setBusy] = useState(false);

    useEffect(() => {
        if (!parentKind) return;
        let live = true;
        const t = setTimeout(() => api.get(path`/api/catalog/${parentKind}` + query({ q, limit: 20 }))
            .then((d) => live && setCandidates(d.items), (e) => live && setError(e)), 200);
        return () => {
            live = false;
            clearTimeout(t);
        };
    }, [q]);

    const submit = async (e) => {
        e.preventDefault();
        setBusy(true);
        setError(null);
        try {
            const body = { version: doc.version };
            if (parentKind) body.parentId = parentId;
            if (position !== '') body.position = Number(position);
            const { nothingChanged } = await api.post(path`/api/catalog/${kind}/${idOf(doc)}/move`, body, { withOutcome: true });
            if (nothingChanged) toast('Nothing changed', 'info');
            else toast('Moved', 'success');
            onMoved();
        } catch (err) {
            setError(err.status === 409 ? new ApiError(409, { detail: `${err.detail} Close this dialog and reload to see the current version.` }) : err);
        } finally {
            setBusy(false);
        }
    };
    const parentName = parentKind ? KINDS[parentKind].singular : null;
    return h(Dialog, { title: `Move ${spec.singular}: ${doc.name || idOf(doc)}`, onClose, testid: 'move-dialog' },
        h('form', { onSubmit: submit },
            h(ErrorBanner, { error }),
            parentKind && h('fieldset', { class: 'choose-parent' },
                h('legend', null, `New ${parentName}`),
                h(Field, { label: `Search ${KINDS[parentKind].label.toLowerCase()}`, name: 'parent-search', type: 'search', value: q, onInput: setQ, testid: 'move-search' }),
                h('div', { class: 'radio-list', role: 'radiogroup', 'aria-label': `New ${parentName}` },
                    candidates.map((c) => h('label', { class: cx('radio', idOf(c) === parentId && 'selected') },
                        h('input', {
                            type: 'radio', name: 'parent', value: idOf(c), checked: idOf(c) === parentId,
                            onChange: () => setParentId(idOf(c)), 'data-testid': 'move-parent', 'data-id': idOf(c)
                        }),
                        ` ${c.name}`, idOf(c) === doc[spec.parentKey] ? h('span', { class: 'muted' }, ' (current)') : '')))),
            h(Field, { label: 'Position among siblings (optional, 0 = first)', name: 'position', type: 'number', value: position, onInput: setPosition, min: 0, testid: 'move-position' }),
            h('div', { class: 'dialog-foot' },
                h('button', { type: 'button', class: 'button', onClick: onClose }, 'Cancel'),
                h('button', { type: 'submit', class: 'button primary', disabled: busy || (parentKind && !parentId), 'data-testid': 'move-submit' }, 'Move'))));
}

function DeleteDialog({ kind, doc, onClose, onDeleted }) {
    const spec = KINDS[kind];
    const [cascade, setCascade] = useState(false);
    const [needsCascade, setNeedsCascade] = useState(false);
    const [reason, setReason] = useState('');
    const [error, setError] = useState(null);
    const [busy, setBusy] = useState(false);
    const submit = async (e) => {
        e.preventDefault();
        setBusy(true);
        setError(null);
        try {
            await api.del(path`/api/catalog/${kind}/${idOf(doc)}` + query({ version: doc.version, cascade: cascade ? 'true' : '' }), reasonHeader(reason));
            toast('Deleted', 'success');
            onDeleted();
        } catch (err) {
            if (err.status === 409 && /child|children|still has/i.test(err.detail) && kind !== 'engines') setNeedsCascade(true);
            setError(err);
        } finally {
            setBusy(false);
        }
    };
    return h(Dialog, { title: `Delete ${spec.singular}: ${doc.name || idOf(doc)}?`, onClose, testid: 'delete-dialog' },
        h('form', { onSubmit: submit },
            h('p', null, 'The change history keeps every version, so a deleted document can be brought back by a rollback.'),
            h(ErrorBanner, { error }),
            (needsCascade || kind !== 'engines') && h(Field, {
                label: `Also delete everything under this ${spec.singular} (each as its own change)`, name: 'cascade', type: 'checkbox',
                value: cascade, onInput: setCascade, testid: 'delete-cascade'
            }),
            h(Field, { label: 'Reason (optional)', name: 'reason', value: reason, onInput: setReason, maxLength: 500, testid: 'delete-reason' }),
            h('div', { class: 'dialog-foot' },
                h('button', { type: 'button', class: 'button', onClick: onClose }, 'Cancel'),
                h('button', { type: 'submit', class: 'button danger', disabled: busy, 'data-testid': 'delete-confirm' }, 'Delete'))));
}
