// Catalog browser: brands -> models -> engines, with search and paging. Reading only for now; the edit forms
// come with the catalog editor.
import {api} from './api.js';

const PAGE_SIZE = 20;

function el(tag, attrs = {}, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs)) {
        if (key === 'class') node.className = value;
        else if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
        else node.setAttribute(key, value);
    }
    for (const child of children) node.append(child);
    return node;
}

class ListPanel {
    constructor({kind, title, parentParam, describe, onSelect}) {
        Object.assign(this, {kind, title, parentParam, describe, onSelect});
        this.parentId = null;
        this.page = 0;
        this.query = '';
        this.selectedId = null;
        const searchId = `search-${kind}`;
        this.heading = el('h2', {id: `heading-${kind}`}, title);
        this.search = el('input', {id: searchId, type: 'search', autocomplete: 'off'});
        this.list = el('ul', {class: 'items', 'aria-labelledby': `heading-${kind}`});
        this.status = el('p', {class: 'muted', role: 'status', 'aria-live': 'polite'});
        this.prev = el('button', {type: 'button', class: 'secondary', onclick: () => this.go(this.page - 1)}, 'Previous');
        this.next = el('button', {type: 'button', class: 'secondary', onclick: () => this.go(this.page + 1)}, 'Next');
        this.pageLabel = el('span');
        let timer;
        this.search.addEventListener('input', () => {
            clearTimeout(timer);
            timer = setTimeout(() => { this.query = this.search.value.trim(); this.go(0); }, 250);
        });
        this.root = el('section', {class: 'panel', 'aria-labelledby': `heading-${kind}`},
            this.heading,
            el('label', {for: searchId, class: 'visually-hidden'}, `Search ${title.toLowerCase()}`),
            this.search, this.status, this.list,
            el('div', {class: 'pager'}, this.prev, this.pageLabel, this.next));
    }

    async show(parentId) {
        this.parentId = parentId;
        this.selectedId = null;
        await this.go(0);
    }

    clear(message) {
        this.parentId = null;
        this.list.replaceChildren();
        this.status.textContent = message;
        this.prev.disabled = this.next.disabled = true;
        this.pageLabel.textContent = '';
    }

    async go(page) {
        if (this.parentParam && !this.parentId) return;
        const params = new URLSearchParams({page, size: PAGE_SIZE});
        if (this.parentParam) params.set('parentId', this.parentId);
        if (this.query) params.set('q', this.query);
        this.status.textContent = 'Loading…';
        try {
            const result = await api(`/api/catalog/${this.kind}?${params}`);
            this.page = result.page ?? page;
            this.render(result);
        } catch (e) {
            this.status.textContent = `Could not load ${this.title.toLowerCase()}: ${e.message}`;
        }
    }

    render({items = [], total = 0}) {
        this.list.replaceChildren(...items.map((item) => {
            const button = el('button', {type: 'button', 'aria-pressed': String(item.id === this.selectedId)},
                this.describe(item));
            button.addEventListener('click', () => {
                this.selectedId = item.id;
                this.list.querySelectorAll('button').forEach((b) => b.setAttribute('aria-pressed', String(b === button)));
                this.onSelect(item);
            });
            return el('li', {}, button);
        }));
        const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
        this.status.textContent = total === 0 ? 'Nothing here yet.' : `${total} in total`;
        this.pageLabel.textContent = `Page ${this.page + 1} of ${pages}`;
        this.prev.disabled = this.page <= 0;
        this.next.disabled = this.page + 1 >= pages;
    }
}

function engineDetails(engine) {
    const rows = [['Fuel', engine.fuel], ['Power', `${engine.powerHp} hp`], ['Torque', `${engine.torqueNm} Nm`]];
    if (engine.displacementCc) rows.push(['Displacement', `${engine.displacementCc} cc`]);
    rows.push(['Version', engine.version]);
    const facts = el('table', {}, el('tbody', {}, ...rows.map(([k, v]) => el('tr', {}, el('th', {scope: 'row'}, k), el('td', {}, String(v ?? '–'))))));
    const stages = (engine.stages || []).map((s) => el('tr', {},
        el('td', {}, String(s.stage)), el('td', {}, `${s.powerHp} hp`), el('td', {}, `${s.torqueNm} Nm`),
        el('td', {}, s.priceEur != null ? `€${s.priceEur}` : '–')));
    const stageTable = stages.length
        ? el('table', {}, el('caption', {}, 'Tuning stages'),
            el('thead', {}, el('tr', {}, ...['Stage', 'Power', 'Torque', 'Price'].map((h) => el('th', {scope: 'col'}, h)))),
            el('tbody', {}, ...stages))
        : el('p', {class: 'muted'}, 'No tuning stages.');
    return el('section', {class: 'panel details', 'aria-labelledby': 'engine-title'},
        el('h2', {id: 'engine-title'}, engine.name), facts, stageTable);
}

export function renderCatalog(page) {
    const details = el('div');
    const engines = new ListPanel({kind: 'engines', title: 'Engines', parentParam: true,
        describe: (e) => `${e.name} · ${e.powerHp} hp`,
        onSelect: (engine) => details.replaceChildren(engineDetails(engine))});
    const models = new ListPanel({kind: 'models', title: 'Models', parentParam: true,
        describe: (m) => m.yearFrom ? `${m.name} (${m.yearFrom}–${m.yearTo ?? ''})` : m.name,
        onSelect: (model) => { details.replaceChildren(); engines.show(model.id); }});
    const brands = new ListPanel({kind: 'brands', title: 'Brands', parentParam: false,
        describe: (b) => b.name,
        onSelect: (brand) => { details.replaceChildren(); engines.clear('Choose a model.'); models.show(brand.id); }});
    models.clear('Choose a brand.');
    engines.clear('Choose a model.');
    page.replaceChildren(el('h1', {}, 'Catalog'), el('div', {class: 'columns'}, brands.root, models.root, engines.root), details);
    brands.go(0);
}
