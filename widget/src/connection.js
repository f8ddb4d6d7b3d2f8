// The socket.io connection to Rasa's channel, with Rasa's session persistence: after every
// (re)connection the widget asks for its own session id again (`session_request`), and sends
// nothing until Rasa confirms it (`session_confirm`), so replies always reach this tab.

import { io } from 'socket.io-client';

const ACK_TIMEOUT_MS = 60000;

export class Connection {
  /**
   * handlers: onStatus('connecting' | 'online' | 'offline'), onBotMessage(message),
   * onReady() once the session is confirmed after each (re)connection.
   */
  constructor(server, handlers) {
    const base = server.pathname.replace(/\/+$/, '');
    this.handlers = handlers;
    this.ready = false;
    this.sessionId = null;
    this.socket = io(server.origin, {
      path: `${base}/socket.io`,
      autoConnect: false,
      withCredentials: false,
      reconnectionDelayMax: 10000,
    });
    this.listen();
  }

  listen() {
    const { socket, handlers } = this;
    socket.on('connect', () => {
      handlers.onStatus('connecting');
      socket.emit('session_request', { session_id: this.sessionId });
    });
    socket.on('session_confirm', (sessionId) => {
      if (sessionId !== this.sessionId) return;
      this.ready = true;
      handlers.onStatus('online');
      handlers.onReady();
    });
    socket.on('bot_uttered', (message) => handlers.onBotMessage(message));
    socket.on('disconnect', (reason) => {
      this.ready = false;
      if (reason === 'io client disconnect') return; // our own doing: a new session follows
      handlers.onStatus('offline');
      if (reason === 'io server disconnect') socket.connect(); // the server hung up: call back
    });
    socket.on('connect_error', () => {
      this.ready = false;
      handlers.onStatus('offline');
    });
    window.addEventListener('offline', () => {
      this.ready = false;
      handlers.onStatus('offline');
    });
    window.addEventListener('online', () => {
      if (socket.connected) {
        socket.emit('session_request', { session_id: this.sessionId });
      } else {
        socket.disconnect(); // try now, not after the back-off delay
        socket.connect();
      }
    });
  }

  open(sessionId) {
    this.sessionId = sessionId;
    if (!this.socket.active) {
      this.handlers.onStatus('connecting');
      this.socket.connect();
    }
  }

  /** Leaves the old session's room by reconnecting with a new session id. */
  switchSession(sessionId) {
    this.sessionId = sessionId;
    this.ready = false;
    this.socket.disconnect();
    this.handlers.onStatus('connecting');
    this.socket.connect();
  }

  /**
   * Sends one message. `done(true)` once Rasa has handled it (its replies have been sent);
   * `done(false)` if the connection dropped first, so the caller sends it again with the same id
   * (the server drops a repeated id).
   */
  send(text, messageId, done) {
    const data = { message: text, session_id: this.sessionId, metadata: { message_id: messageId } };
    this.socket.timeout(ACK_TIMEOUT_MS).emit('user_uttered', data, (error) => {
      done(!error || this.socket.connected);
    });
  }
}
