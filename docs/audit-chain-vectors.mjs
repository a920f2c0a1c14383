// An implementation of docs/audit-chain.md written from the document alone, in JavaScript, without dependencies:
// `node docs/audit-chain-vectors.mjs` recomputes every vector of audit-chain-vectors.json and prints "ok" or what
// differs; `--write` writes the file from the inputs below (the Java reference, AuditChain, is tested against it).
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';

const file = new URL('./audit-chain-vectors.json', import.meta.url);
const sha256 = (text) => createHash('sha256').update(text, 'utf8').digest('hex');

function canonical(v) {
  if (v === null || typeof v === 'boolean') return String(v);
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : JSON.stringify(String(v));
  if (typeof v === 'string') return JSON.stringify(v);
  if (Array.isArray(v)) return '[' + v.map(canonical).join(',') + ']';
  return '{' + Object.keys(v).sort().map((k) => JSON.stringify(k) + ':' + canonical(v[k])).join(',') + '}';
}

function digest(v) {
  if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
    const keys = Object.keys(v);
    if (keys.length === 1 && keys[0] === 'redacted' && typeof v.redacted === 'string'
        && /^sha256:[0-9a-f]{64}$/.test(v.redacted)) return v.redacted.slice(7);
    return sha256(canonical(Object.fromEntries(keys.map((k) => [k, digest(v[k])]))));
  }
  if (Array.isArray(v)) return sha256(canonical(v.map(digest)));
  return sha256(canonical(v));
}

const n = (v) => (v === undefined ? null : v);
function entryCanonical(e) {
  return canonical({
    action: n(e.action), after: digest(n(e.after)), before: digest(n(e.before)), changedAt: n(e.changedAt),
    changedBy: n(e.changedBy),
    changes: (e.changes ?? []).map((c) => ({ from: digest(n(c.from)), kind: n(c.kind), path: n(c.path), to: digest(n(c.to)) })),
    collection: n(e.collection), documentId: n(e.documentId), id: n(e.id), metadata: digest(n(e.metadata)),
    prevHash: n(e.prevHash), reason: n(e.reason), requestId: n(e.requestId), sourcePosition: n(e.sourcePosition),
    version: n(e.version),
  });
}
const linkHash = (seq, prevId, prevHash, entryHash) => sha256(canonical({ entryHash, prevHash, prevId, seq }));

function compute(inputs) {
  const out = { description: 'Test vectors of docs/audit-chain.md: recompute every field that is not an input' };
  out.numbers = inputs.numbers.map((json) => ({ json, canonical: canonical(JSON.parse(json)) }));
  out.strings = inputs.strings.map((value) => ({ value, canonical: canonical(value) }));
  out.digests = inputs.digests.map((value) => ({ value, digest: digest(value) }));
  out.entries = [];
  let prevId = null;
  let prevLink = null;
  const byDocument = {};
  inputs.entries.forEach((input, i) => {
    const event = { ...input };
    event.prevHash = byDocument[event.documentId] ?? null;
    const text = entryCanonical(event);
    const hash = sha256(text);
    const seq = i + 1;
    const chain = { seq, prevId, prevHash: prevLink, hash: linkHash(seq, prevId, prevLink, hash) };
    out.entries.push({ event: { ...event, hash, chain }, canonical: text });
    byDocument[event.documentId] = hash;
    prevId = event.id;
    prevLink = chain.hash;
  });
  // the second entry with a value redacted: same hashes
  const redacted = structuredClone(out.entries[1].event);
  redacted.after.contact = { redacted: 'sha256:' + digest(redacted.after.contact) };
  redacted.changes.filter((c) => c.path === 'contact').forEach((c) => { c.to = { redacted: 'sha256:' + digest(c.to) }; });
  out.redacted = { event: redacted, canonical: entryCanonical(redacted) };
  return out;
}

const inputs = {
  numbers: ['0', '-0', '1', '1.0', '-12.5', '0.1', '1E21', '1e20', '123456789012345678901', '0.000001', '1.5e-7',
    '9007199254740993', '5e-324', '1.7976931348623157e308', '333333333.33333329'],
  strings: ['plain', 'quote " backslash \\ slash /', 'controls \b\f\n\r\t \u0001 \u001f \u007f', 'é € 😀'],
  digests: [null, true, 0, 'a', [], {}, [1, 'a', null], { b: 1, a: [true, { c: 'd' }] }, { redacted: 'sha256:' + '0'.repeat(64) }],
  entries: [
    { schemaVersion: 2, id: 'brands:b1:0000000001', collection: 'brands', documentId: 'b1', action: 'create', version: 1,
      before: null, after: { _id: 'b1', name: 'Rotax', country: 'AT', contact: 'anna@example.org', version: 1 },
      changes: [], changedBy: 'alice', changedAt: '2026-11-26T10:00:00Z', reason: 'new brand', requestId: 'req-1',
      sourcePosition: '1764151200000:1', metadata: null },
    { schemaVersion: 2, id: 'brands:b1:0000000002', collection: 'brands', documentId: 'b1', action: 'update', version: 2,
      before: { _id: 'b1', name: 'Rotax', country: 'AT', contact: 'anna@example.org', version: 1 },
      after: { _id: 'b1', name: 'Rotax GmbH', country: 'AT', contact: 'bernd@example.org', version: 2, rating: 4.5 },
      changes: [{ path: 'contact', kind: 'changed', from: 'anna@example.org', to: 'bernd@example.org' },
        { path: 'name', kind: 'changed', from: 'Rotax', to: 'Rotax GmbH' },
        { path: 'rating', kind: 'added', from: null, to: 4.5 }],
      changedBy: 'bob', changedAt: '2026-11-26T10:05:00.120Z', reason: null, requestId: 'req-2',
      sourcePosition: '1764151500120:1', metadata: { ticket: 'OPS-7', tags: ['gdpr', 'élan'] } },
    { schemaVersion: 2, id: 'engines:e1:0000000001', collection: 'engines', documentId: 'e1', action: 'external', version: 1,
      before: null, after: { _id: 'e1', powerHp: 1e21, stages: [{ n: 1 }, { n: 2 }] },
      changes: [], changedBy: 'unknown', changedAt: '2026-11-26T10:06:00Z', reason: 'Changed outside the API',
      requestId: null, sourcePosition: 'reconciled@v1', metadata: { detectedBy: 'reconciler' } },
  ],
};

if (process.argv.includes('--write')) {
  writeFileSync(file, JSON.stringify(compute(inputs), null, 2) + '\n');
  console.log('wrote', file.pathname);
} else {
  const stored = JSON.parse(readFileSync(file, 'utf8'));
  const problems = [];
  stored.numbers.forEach((v) => { if (canonical(JSON.parse(v.json)) !== v.canonical) problems.push('number ' + v.json); });
  stored.strings.forEach((v) => { if (canonical(v.value) !== v.canonical) problems.push('string ' + v.value); });
  stored.digests.forEach((v) => { if (digest(v.value) !== v.digest) problems.push('digest ' + JSON.stringify(v.value)); });
  let prev = null;
  for (const { event, canonical: text } of stored.entries) {
    const hash = sha256(entryCanonical(event));
    if (entryCanonical(event) !== text || hash !== event.hash) problems.push('entry ' + event.id);
    const c = event.chain;
    if (c.prevId !== (prev?.id ?? null) || c.prevHash !== (prev?.chain.hash ?? null)
        || c.hash !== linkHash(c.seq, c.prevId, c.prevHash, hash)) problems.push('link ' + event.id);
    prev = event;
  }
  if (sha256(entryCanonical(stored.redacted.event)) !== stored.entries[1].event.hash) problems.push('redacted entry');
  console.log(problems.length === 0 ? 'ok' : 'differs: ' + problems.join(', '));
  process.exitCode = problems.length === 0 ? 0 : 1;
}
