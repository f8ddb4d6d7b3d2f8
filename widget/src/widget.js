// Ties the stored conversation, the connection to Rasa and the view together.

import { Connection } from './connection.js';
import { STRINGS } from './strings.js';
import { Store, newId } from './store.js';
import { ChatView } from './view.js';

function quickReplies(message) {
  const replies = Array.isArray(message.quick_replies) ? message.quick_replies : [];
  return replies
    .filter((reply) => reply && typeof reply.title === 'string' && typeof reply.payload === 'string')
    .map((reply) => ({ title: reply.title, payload: reply.payload }));
}

export class ChatWidget {
  constructor(config) {
    this.config = config;
    this.store = new Store(config.server.href);
    this.sending = false;
    this.wasOffline = false;
    this.notice = '';
    this.connection = new Connection(config.server, {
      onStatus: (status) => this.onStatus(status),
      onBotMessage: (message) => this.onBotMessage(message),
      onReady: () => this.onReady(),
    });
    this.view = new ChatView(config, {
      send: (text, label) => this.send(text, label),
      open: () => this.setOpen(true),
      close: () => this.setOpen(false),
      erase: () => this.erase(),
      toggleConfirm: (show) => this.view.setConfirm(show),
    });
    window.matchMedia('(max-width: 40rem)').addEventListener('change', () => this.view.updateModal());
    this.restore();
  }

  get state() {
    return this.store.state;
  }

  /** After a reload: the transcript as it was, and the connection if a chat had started. */
  restore() {
    this.view.showMessages(this.state.messages);
    this.showLastReplies({ focus: false });
    this.view.setOpen(this.state.open, { focus: false });
    if (this.state.open || this.state.messages.length || this.state.outbox.length) {
      this.connection.open(this.state.sessionId);
    }
  }

  setOpen(open) {
    this.store.update((state) => { state.open = open; });
    if (open) {
      this.view.setUnread(false);
      this.connection.open(this.state.sessionId);
    }
    this.view.setOpen(open, { focus: true });
  }

  showLastReplies({ focus }) {
    const last = this.state.messages[this.state.messages.length - 1];
    const replies = last && last.from === 'bot' ? last.replies || [] : [];
    this.view.showReplies(replies, { focus });
  }

  // ------------------------------------------------------------------ sending

  /** `text` goes to Rasa (a button's payload or what was typed); `label` is shown as said. */
  send(text, label) {
    this.notice = '';
    const id = newId();
    const waiting = !this.connection.ready;
    const message = { id, from: 'user', text: label, at: new Date().toISOString(), waiting };
    this.store.update((state) => {
      state.messages.push(message);
      state.outbox.push({ id, text });
    });
    this.view.addMessage(message);
    this.view.showReplies([], { focus: false });
    this.pump();
  }

  /** Sends the outbox one message at a time, in order, while the session is confirmed. */
  pump() {
    const next = this.state.outbox[0];
    if (this.sending || !next || !this.connection.ready) return;
    this.sending = true;
    this.view.setTyping(true);
    this.connection.send(next.text, next.id, (delivered) => {
      this.sending = false;
      this.view.setTyping(false);
      if (delivered) {
        this.store.update((state) => {
          state.outbox = state.outbox.filter((item) => item.id !== next.id);
          const message = state.messages.find((item) => item.id === next.id);
          if (message) message.waiting = false;
        });
        this.view.markSent(next.id);
      } else {
        this.markWaiting(next.id);
      }
      this.pump();
    });
  }

  markWaiting(id) {
    this.store.update((state) => {
      const message = state.messages.find((item) => item.id === id);
      if (message) message.waiting = true;
    });
    this.view.markWaiting(id);
  }

  // ------------------------------------------------------------------ receiving

  onReady() {
    if (!this.state.greeted && !this.state.messages.length) {
      this.store.update((state) => {
        state.greeted = true;
        state.outbox.unshift({ id: newId(), text: this.config.greeting });
      });
    }
    this.pump();
  }

  onBotMessage(payload) {
    if (!payload || (typeof payload.text !== 'string' && !payload.quick_replies)) return;
    const message = {
      id: newId(), from: 'bot', text: typeof payload.text === 'string' ? payload.text : '',
      at: new Date().toISOString(), replies: quickReplies(payload),
    };
    this.store.update((state) => { state.messages.push(message); });
    this.view.addMessage(message);
    this.view.showReplies(message.replies, { focus: true });
    if (!this.state.open) this.view.setUnread(true);
  }

  onStatus(status) {
    if (status === 'offline') {
      this.wasOffline = true;
      this.view.setStatus(STRINGS.offline);
      this.state.outbox.forEach((item) => this.markWaiting(item.id));
    } else if (status === 'online') {
      this.view.setStatus(this.wasOffline ? STRINGS.backOnline : this.notice);
      this.wasOffline = false;
    } else if (!this.wasOffline && !this.notice) {
      this.view.setStatus(STRINGS.connecting);
    }
  }

  // ------------------------------------------------------------------ ending

  /** "End chat and delete": the console erases the conversation, then a new one begins. */
  async erase() {
    this.view.setStatus(STRINGS.deleting);
    let erased = false;
    try {
      const response = await fetch(this.config.eraseUrl, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ sender_id: this.state.sessionId }),
        credentials: 'omit',
      });
      erased = response.ok;
    } catch {
      erased = false;
    }
    if (!erased) {
      this.view.setStatus(STRINGS.eraseFailed);
      return;
    }
    this.store.reset();
    this.view.showMessages([]);
    this.view.showReplies([], { focus: false });
    this.view.setConfirm(false);
    this.view.input.focus();
    this.notice = STRINGS.erased;
    this.view.setStatus(this.notice);
    this.connection.switchSession(this.state.sessionId);
  }
}
