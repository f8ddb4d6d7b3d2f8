// The conversation kept in this tab: session id, transcript and messages not yet sent.
//
// sessionStorage, not localStorage: it survives a reload, a lost connection and "reopen closed
// tab", and phones keep it with the tab for days; it is gone when the browser is closed, so a
// shared family phone does not show the chat to the next person. Other tabs start their own chat.

const VERSION = 1;
const MAX_MESSAGES = 500;

export function newId() {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

function usableStorage() {
  try {
    const storage = window.sessionStorage;
    storage.setItem('mias-chat-probe', '1');
    storage.removeItem('mias-chat-probe');
    return storage;
  } catch {
    return null; // blocked storage: the chat still works, it just is not kept across reloads
  }
}

function fresh(open) {
  return { v: VERSION, sessionId: newId(), open, greeted: false, messages: [], outbox: [] };
}

function valid(state) {
  return (
    state && state.v === VERSION && typeof state.sessionId === 'string' &&
    Array.isArray(state.messages) && Array.isArray(state.outbox)
  );
}

export class Store {
  constructor(scope) {
    this.key = `mias-chat:${scope}`;
    this.storage = usableStorage();
    this.state = this.load();
  }

  load() {
    try {
      const state = JSON.parse(this.storage?.getItem(this.key) || 'null');
      if (valid(state)) return state;
    } catch {
      // a damaged entry: start again
    }
    return fresh(false);
  }

  save() {
    try {
      this.storage?.setItem(this.key, JSON.stringify(this.state));
    } catch {
      // storage full or blocked: keep going in memory
    }
  }

  update(change) {
    change(this.state);
    this.state.messages = this.state.messages.slice(-MAX_MESSAGES);
    this.save();
  }

  /** A new, empty conversation with a new session id (after "End chat and delete"). */
  reset() {
    this.state = fresh(this.state.open);
    this.save();
  }
}
