// The admin UI shell: login, role-aware navigation, the progress overlay, and the pages.
import {api, ensureCsrf, ApiError} from './api.js';
import {ProgressOverlay} from './overlay.js';
import {renderCatalog} from './catalog.js';

const PAGES = [
    {hash: '#/catalog', label: 'Catalog', role: 'viewer', render: renderCatalog},
    {hash: '#/history', label: 'Change history', role: 'viewer', render: placeholder('Change history',
            'The audit trail with field diffs, filters, CSV export and rollback comes here.')},
    {hash: '#/backups', label: 'Backups', role: 'viewer', render: placeholder('Production Backup System',
            'Full backups, restores, point-in-time restore, cleanup and schedules come here.')},
];

const state = {user: null};
const overlay = new ProgressOverlay();

function placeholder(title, text) {
    return (page) => {
        const h1 = document.createElement('h1');
        h1.textContent = title;
        const p = document.createElement('p');
        p.textContent = text;
        page.replaceChildren(h1, p);
    };
}

function can(role) {
    return state.user?.roles.includes(role) ?? false;
}

function showLogin(message = '') {
    state.user = null;
    overlay.stop();
    overlay.hide();
    document.getElementById('topbar').hidden = true;
    document.getElementById('page').hidden = true;
    document.getElementById('login-view').hidden = false;
    document.getElementById('login-error').textContent = message;
    document.getElementById('login-username').focus();
}

function showApp() {
    document.getElementById('login-view').hidden = true;
    document.getElementById('topbar').hidden = false;
    document.getElementById('page').hidden = false;
    const roleName = can('admin') ? 'admin' : can('editor') ? 'editor' : 'viewer';
    document.getElementById('who').textContent = `${state.user.username} (${roleName})`;
    document.body.dataset.role = roleName;
    const nav = document.getElementById('nav');
    nav.replaceChildren(...PAGES.filter((p) => can(p.role)).map((p) => {
        const li = document.createElement('li');
        const a = document.createElement('a');
        a.href = p.hash;
        a.textContent = p.label;
        li.append(a);
        return li;
    }));
    overlay.start();
    route();
}

function route() {
    if (!state.user) return;
    const visible = PAGES.filter((p) => can(p.role));
    const current = visible.find((p) => p.hash === location.hash) || visible[0];
    if (location.hash !== current.hash) {
        history.replaceState(null, '', current.hash);
    }
    document.querySelectorAll('#nav a').forEach((a) => {
        if (a.getAttribute('href') === current.hash) a.setAttribute('aria-current', 'page');
        else a.removeAttribute('aria-current');
    });
    document.title = `${current.label} · Backstop admin`;
    current.render(document.getElementById('page'));
}

async function login(event) {
    event.preventDefault();
    const form = event.target;
    const username = form.username.value.trim();
    const password = form.password.value;
    const error = document.getElementById('login-error');
    if (!username || !password) {
        error.textContent = 'Enter your user name and password.';
        return;
    }
    error.textContent = '';
    try {
        await ensureCsrf();
        state.user = await api('/login', {method: 'POST', body: {username, password}});
        form.password.value = '';
        showApp();
    } catch (e) {
        error.textContent = e instanceof ApiError && e.status === 401 ? 'Wrong user name or password.' : e.message;
        form.password.select();
    }
}

async function logout() {
    try {
        await api('/logout', {method: 'POST'});
    } finally {
        showLogin('You are logged out.');
    }
}

async function boot() {
    document.getElementById('login-form').addEventListener('submit', login);
    document.getElementById('logout').addEventListener('click', logout);
    window.addEventListener('hashchange', route);
    window.addEventListener('backstop:unauthorized', () => state.user && showLogin('Your session ended; log in again.'));
    try {
        state.user = await api('/api/me');
        showApp();
    } catch {
        showLogin();
    }
}

boot();
