// The full-screen progress overlay, driven by /api/ops/events. The first event of every (re)connection is the
// current lock state, so a page opened or reloaded mid-operation shows the overlay at once.

const KIND_LABELS = {backup: 'Backup', restore: 'Restore', pitr: 'Point-in-time restore', cleanup: 'Cleanup'};

export class ProgressOverlay {
    constructor({onStateChange = () => {}} = {}) {
        this.el = document.getElementById('overlay');
        this.title = document.getElementById('overlay-title');
        this.who = document.getElementById('overlay-who');
        this.progress = document.getElementById('overlay-progress');
        this.percent = document.getElementById('overlay-percent');
        this.message = document.getElementById('overlay-message');
        this.error = document.getElementById('overlay-error');
        this.dismiss = document.getElementById('overlay-dismiss');
        this.streamState = document.getElementById('stream-state');
        this.onStateChange = onStateChange;
        this.source = null;
        this.retry = 1000;
        this.showingFailure = false;
        this.currentOperationId = null;
        this.dismiss.addEventListener('click', () => this.hide());
    }

    start() {
        this.stop();
        const source = new EventSource('/api/ops/events', {withCredentials: true});
        this.source = source;
        source.addEventListener('open', () => {
            this.retry = 1000;
            this.streamState.textContent = '';
        });
        source.addEventListener('lock', (e) => this.onLock(JSON.parse(e.data)));
        source.addEventListener('progress', (e) => this.onProgress(JSON.parse(e.data)));
        source.addEventListener('error', () => {
            this.streamState.textContent = 'Live updates interrupted, reconnecting…';
            // EventSource retries by itself while CONNECTING; once CLOSED (e.g. the gateway restarted and answered
            // an error) it gives up, so reconnect here with a growing pause
            if (source.readyState === EventSource.CLOSED && this.source === source) {
                setTimeout(() => this.source === source && this.start(), this.retry);
                this.retry = Math.min(this.retry * 2, 30000);
            }
        });
    }

    stop() {
        if (this.source) {
            this.source.close();
            this.source = null;
        }
    }

    onLock(state) {
        if (state.locked) {
            this.show(state.operation);
        } else if (!this.showingFailure) {
            this.hide();
        }
        this.onStateChange(state);
    }

    onProgress(event) {
        if (!event.blocking) {
            return;
        }
        if (event.phase === 'failed') {
            this.showFailure(event);
        } else if (event.phase !== 'completed') {
            this.show(event);
        }
    }

    show(op) {
        const wasHidden = this.el.hidden;
        this.showingFailure = false;
        this.currentOperationId = op.operationId;
        const kind = KIND_LABELS[op.kind] || op.kind;
        this.title.textContent = `${kind} in progress`;
        const since = op.startedAt ? ` at ${new Date(op.startedAt).toLocaleString()}` : '';
        this.who.textContent = `Started by ${op.startedBy || 'unknown'}${since}. Changes are paused until it finishes.`;
        this.progress.value = op.percent ?? 0;
        this.percent.textContent = `${op.percent ?? 0}%`;
        this.message.textContent = op.message || '';
        this.error.textContent = '';
        this.dismiss.hidden = true;
        this.open(wasHidden);
    }

    showFailure(event) {
        const wasHidden = this.el.hidden;
        this.showingFailure = true;
        const kind = KIND_LABELS[event.kind] || event.kind;
        this.title.textContent = `${kind} failed`;
        this.who.textContent = `Started by ${event.startedBy || 'unknown'}.`;
        this.progress.value = event.percent ?? 0;
        this.percent.textContent = `${event.percent ?? 0}%`;
        this.message.textContent = event.message || '';
        this.error.textContent = event.error || 'The operation failed.';
        this.dismiss.hidden = false;
        this.open(wasHidden);
        this.dismiss.focus();
    }

    open(wasHidden) {
        this.el.hidden = false;
        document.getElementById('main').inert = true;
        document.getElementById('topbar').inert = true;
        if (wasHidden) {
            this.title.focus();
        }
    }

    hide() {
        this.showingFailure = false;
        this.el.hidden = true;
        document.getElementById('main').inert = false;
        document.getElementById('topbar').inert = false;
    }
}
