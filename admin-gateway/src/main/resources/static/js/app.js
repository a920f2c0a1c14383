// The admin UI's shell: who is logged in, hash routes, navigation, and the progress overlay.
import { h, render, Fragment, useEffect, useState, useCallback } from './lib.js';
import { api, onUnauthorized, ApiError } from './api.js';
import { startOps, stopOps, useOps } from './ops.js';
import { Toasts, Field, ErrorBanner, Spinner } from './components.js';
import { OpsOverlay } from './overlay.js';
import { CatalogPage } from './catalog.js';
import { BackupsPage } from './backups.js';
import { parseHash } from './nav.js';

function useRoute() {
    const [route, setRoute] = useState(parseHash());
    useEffect(() => {
        const l = () => setRoute(parseHash());
        addEventListener('hashchange', l);
        return () => removeEventListener('hashchange', l);
    }, []);
    return route;
}

/** What the logged-in user may do; the server enforces the same rules on every call. */
export function permissions(me) {
    const roles = new Set(me?.roles || []);
    return {
        canEdit: roles.has('editor') || roles.has('admin'),
        isAdmin: roles.has('admin')
    };
}

function LoginPage({ onLogin }) {
    const [username, setUsername] = useState('');
    const [password, setPassword] = useState('');
    const [error, setError] = useState(null);
    const [busy, setBusy] = useState(false);
    const submit = async (e) => {
        e.preventDefault();
        setBusy(true);
        setError(null);
        try {
            onLogin(await api.post('/login', { username, password }, { allowUnauthorized: true }));
        } catch (err) {
            setError(err.status === 401 || err.status === 400
                ? new ApiError(err.status, { detail: 'Wrong user name or password.' }) : err);
        } finally {
            setBusy(false);
        }
    };
    return h('main', { class: 'login', id: 'main' },
        h('form', { class: 'card login-card', onSubmit: submit, 'data-testid': 'login-form', 'aria-labelledby': 'login-title' },
            h('h1', { id: 'login-title' }, 'Backstop'),
            h('p', { class: 'muted' }, 'Catalog admin, change history and backups'),
            h(ErrorBanner, { error, testid: 'login-error' }),
            h(Field, { label: 'User name', name: 'username', value: username, onInput: setUsername, autocomplete: 'username', required: true, testid: 'login-username', autofocus: true }),
            h(Field, { label: 'Password', name: 'password', type: 'password', value: password, onInput: setPassword, autocomplete: 'current-password', required: true, testid: 'login-password' }),
            h('button', { type: 'submit', class: 'button primary wide', disabled: busy, 'data-testid': 'login-submit' }, busy ? 'Signing in…' : 'Sign in')));
}

function Header({ me, route, onLogout }) {
    const { op } = useOps();
    const section = route.path[0] || 'catalog';
    const link = (href, label, key) => h('a', {
        href, class: section === key ? 'active' : undefined, 'aria-current': section === key ? 'page' : undefined,
        'data-testid': `nav-${key}`
    }, label);
    return h('header', { class: 'topbar' },
        h('a', { class: 'skip', href: '#main', onClick: (e) => { e.preventDefault(); document.getElementById('main')?.focus(); } }, 'Skip to content'),
        h('div', { class: 'brand' }, 'Backstop'),
        h('nav', { class: 'mainnav', 'aria-label': 'Sections' },
            link('#/catalog', 'Catalog', 'catalog'),
            link('#/backups/full', 'Production Backup System', 'backups')),
        h('div', { class: 'userbox' },
            op && h('span', { class: 'badge status-running', 'data-testid': 'header-lock' }, 'Locked'),
            h('span', { class: 'user', 'data-testid': 'current-user' }, me.username),
            h('span', { class: 'role', 'data-testid': 'current-role' }, (me.roles || []).includes('admin') ? 'admin'
                : (me.roles || []).includes('editor') ? 'editor' : 'viewer'),
            h('button', { type: 'button', class: 'button small', onClick: onLogout, 'data-testid': 'logout' }, 'Log out')));
}

function App() {
    const [me, setMe] = useState(undefined);
    const route = useRoute();

    useEffect(() => {
        api.get('/api/me', { allowUnauthorized: true }).then(setMe, () => setMe(null));
        return onUnauthorized(() => setMe(null));
    }, []);

    useEffect(() => {
        if (me) startOps();
        else if (me === null) stopOps();
    }, [me]);

    const logout = useCallback(async () => {
        try {
            await api.post('/logout', undefined, { allowUnauthorized: true });
        } catch (e) {
            // a logout that fails because the session is already gone is still a logout
        }
        stopOps();
        setMe(null);
    }, []);

    if (me === undefined) return h(Spinner, null);
    if (me === null) return h(Fragment, null, h(LoginPage, { onLogin: setMe }), h(Toasts, null));

    const perms = permissions(me);
    const section = route.path[0] || 'catalog';
    return h(Fragment, null,
        h('div', { class: 'shell' },
            h(Header, { me, route, onLogout: logout }),
            h('main', { id: 'main', tabindex: '-1', class: 'content' },
                section === 'backups'
                    ? h(BackupsPage, { me, perms, route })
                    : h(CatalogPage, { me, perms, route }))),
        h(OpsOverlay, null),
        h(Toasts, null));
}

render(h(App, null), document.getElementById('app'));
