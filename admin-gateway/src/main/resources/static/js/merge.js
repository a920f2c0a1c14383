// Three-way merge of an edit form with the version someone else saved meanwhile. Taking the whole form on top of
// their version would write back every field as this user last saw it, silently undoing theirs; so each field is
// decided on its own against the version the form was opened on (the base):
//   only they changed it  -> their value;      only you changed it -> yours;
//   both, to one value    -> that value;       both, differently   -> a conflict the user must decide.
// Tuning stages are merged element by element (stage n is element n-1: the API wants them numbered in order), and
// within an element field by field; an element only one side added or removed follows that side.

const same = (a, b) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/**
 * @param base   form values of the version the user started from ({field: string, stages?: [{...strings}]})
 * @param theirs form values of the version now stored
 * @param mine   the form as the user left it
 * @returns {{values, taken: string[], kept: string[], conflicts: {path, theirs, mine}[]}} `values` holds the user's
 *   value wherever there is a conflict, until resolveConflict() says otherwise
 */
export function mergeForm(base, theirs, mine) {
    const out = { values: {}, taken: [], kept: [], conflicts: [] };
    const decide = (path, b, t, m) => {
        if (same(m, b)) {
            if (!same(t, b)) out.taken.push(path);
            return t;
        }
        if (same(t, b) || same(t, m)) {
            if (!same(t, m)) out.kept.push(path);
            return m;
        }
        out.conflicts.push({ path, theirs: t, mine: m });
        return m;
    };
    for (const name of Object.keys(mine)) {
        if (name === 'stages') continue;
        out.values[name] = decide(name, base[name], theirs[name], mine[name]);
    }
    if (Array.isArray(mine.stages)) {
        const b = base.stages || [];
        const t = theirs.stages || [];
        const m = mine.stages;
        // slots keep their index while conflicts are open, so a choice can put an element back where it was
        out.stageSlots = [];
        for (let i = 0; i < Math.max(b.length, t.length, m.length); i++) {
            if (b[i] && t[i] && m[i]) {
                const merged = {};
                for (const f of new Set([...Object.keys(b[i]), ...Object.keys(t[i]), ...Object.keys(m[i])])) {
                    merged[f] = decide(`stages[${i}].${f}`, b[i][f], t[i][f], m[i][f]);
                }
                out.stageSlots.push(merged);
            } else {
                out.stageSlots.push(decide(`stages[${i}]`, b[i], t[i], m[i]));
            }
        }
        out.values.stages = out.stageSlots.filter(Boolean);
    }
    return out;
}

/** The form values after the user chose `side` ('theirs' or 'mine') for one conflict of `merge`. */
export function resolveConflict(merge, values, path, side) {
    const conflict = merge.conflicts.find((c) => c.path === path);
    const chosen = conflict[side];
    if (merge.stageSlots) {
        // edits the user made to the rows since the merge stay (rows cannot be added or removed meanwhile)
        let row = 0;
        merge.stageSlots = merge.stageSlots.map((s) => (s ? values.stages[row++] ?? s : s));
    }
    const element = /^stages\[(\d+)\]$/.exec(path);
    const stageField = /^stages\[(\d+)\]\.(\w+)$/.exec(path);
    if (element) {
        merge.stageSlots[Number(element[1])] = chosen;
        return { ...values, stages: merge.stageSlots.filter(Boolean) };
    }
    if (stageField) {
        const slot = Number(stageField[1]);
        merge.stageSlots[slot] = { ...merge.stageSlots[slot], [stageField[2]]: chosen };
        // the row's place in the form: slots before it that hold an element
        const row = merge.stageSlots.slice(0, slot).filter(Boolean).length;
        return { ...values, stages: values.stages.map((s, j) => (j === row ? { ...s, [stageField[2]]: chosen } : s)) };
    }
    return { ...values, [path]: chosen };
}
