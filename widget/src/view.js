// The widget's DOM, inside a shadow root so the host page's styles and ours never mix.

import css from './widget.css';
import { el } from './dom.js';
import { STRINGS } from './strings.js';
import { appendText } from './text.js';

const NARROW = '(max-width: 40rem)';
const FOCUSABLE = 'a[href], button:not([disabled]), input:not([disabled]), [tabindex="0"]';

function attachStyles(root) {
  if ('adoptedStyleSheets' in Document.prototype && 'replaceSync' in CSSStyleSheet.prototype) {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(css);
    root.adoptedStyleSheets = [sheet];
  } else {
    root.append(el('style', { text: css }));
  }
}

function timeLabel(date) {
  const time = date.toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit' });
  if (date.toDateString() === new Date().toDateString()) return time;
  const day = date.toLocaleDateString('en-GB', { weekday: 'short', day: 'numeric', month: 'short' });
  return `${day}, ${time}`;
}

export class ChatView {
  /** actions: send(text, label), open(), close(), erase(), toggleConfirm(show) */
  constructor(config, actions) {
    this.config = config;
    this.actions = actions;
    this.host = el('div', { id: 'mias-chat-widget' });
    this.root = this.host.attachShadow({ mode: 'open' });
    attachStyles(this.root);
    this.build();
    document.body.append(this.host);
  }

  build() {
    const { config } = this;
    this.badge = el('span', { class: 'badge', hidden: true, text: ` ${STRINGS.newMessage}` });
    this.launcher = el(
      'button',
      { type: 'button', class: 'launcher', 'aria-expanded': 'false', 'aria-controls': 'chat-panel' },
      STRINGS.launcher, this.badge,
    );
    this.launcher.addEventListener('click', () => this.actions.open());

    this.panel = el('section', {
      id: 'chat-panel', class: 'panel', role: 'dialog', 'aria-labelledby': 'chat-title',
      'aria-describedby': 'chat-privacy', hidden: true,
    });
    this.frame = el('div', { class: 'frame' }, this.buildHeader(config), this.buildBody(), this.buildFooter());
    this.panel.append(this.frame);
    this.panel.addEventListener('keydown', (event) => this.onKeydown(event));
    this.root.append(this.launcher, this.panel);
  }

  buildHeader(config) {
    const hide = el(
      'button', { type: 'button', class: 'hide' },
      STRINGS.hide, el('span', { class: 'visually-hidden', text: ` ${STRINGS.hideWhat}` }),
    );
    hide.addEventListener('click', () => this.actions.close());
    const privacy = el('p', { id: 'chat-privacy', class: 'privacy', text: STRINGS.privacy });
    if (config.privacyUrl) {
      privacy.append(' ', el('a', { href: config.privacyUrl, target: '_blank', rel: 'noopener noreferrer', text: STRINGS.privacyLink }));
    }
    this.personButton = el('button', { type: 'button', class: 'person', text: STRINGS.person });
    this.personButton.addEventListener('click', () => this.actions.send(config.handoff, STRINGS.person));
    return el(
      'header', { class: 'header' },
      el('div', { class: 'titlebar' }, el('h2', { id: 'chat-title', text: config.botName }), hide),
      el('div', { class: 'about' }, privacy, this.personButton),
    );
  }

  buildConfirm() {
    this.confirmQuestion = el('p', { id: 'chat-confirm-question', tabindex: '-1', text: STRINGS.confirmQuestion });
    const yes = el('button', { type: 'button', class: 'danger', text: STRINGS.confirmYes });
    const no = el('button', { type: 'button', text: STRINGS.confirmNo });
    yes.addEventListener('click', () => this.actions.erase());
    no.addEventListener('click', () => this.actions.toggleConfirm(false));
    this.confirm = el(
      'div', { id: 'chat-confirm', class: 'confirm', role: 'group', 'aria-labelledby': 'chat-confirm-question', hidden: true },
      this.confirmQuestion, el('div', { class: 'tools' }, yes, no),
    );
    return this.confirm;
  }

  buildBody() {
    this.log = el('div', { class: 'log', role: 'log', 'aria-live': 'polite', 'aria-label': STRINGS.messages });
    this.replies = el('div', { class: 'replies', role: 'group', 'aria-label': STRINGS.suggested, hidden: true });
    this.typing = el(
      'p', { class: 'typing', hidden: true },
      el('span', { class: 'visually-hidden', text: STRINGS.typing(this.config.botName) }),
      el('span', { class: 'dot', 'aria-hidden': 'true' }), el('span', { class: 'dot', 'aria-hidden': 'true' }),
      el('span', { class: 'dot', 'aria-hidden': 'true' }),
    );
    this.scroller = el(
      'div', { class: 'scroller', tabindex: '0', role: 'region', 'aria-label': STRINGS.conversation },
      this.log, this.typing, this.replies,
    );
    return this.scroller;
  }

  buildFooter() {
    this.status = el('p', { class: 'status', role: 'status' });
    this.endButton = el('button', { type: 'button', class: 'end', text: STRINGS.end, 'aria-expanded': 'false', 'aria-controls': 'chat-confirm' });
    this.endButton.addEventListener('click', () => this.actions.toggleConfirm(true));
    return el('div', { class: 'footer' }, this.status, this.buildConfirm(), this.buildComposer(), this.endButton);
  }

  buildComposer() {
    this.input = el('input', {
      id: 'chat-input', type: 'text', autocomplete: 'off', enterkeyhint: 'send', maxlength: '1000',
    });
    const form = el(
      'form', { class: 'composer' },
      el('label', { for: 'chat-input', text: STRINGS.messageLabel }),
      el('div', { class: 'row' }, this.input, el('button', { type: 'submit', text: STRINGS.send })),
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const text = this.input.value.trim();
      if (!text) return;
      this.input.value = '';
      this.actions.send(text, text);
    });
    return form;
  }

  // ------------------------------------------------------------------ messages

  messageNode(message) {
    const fromBot = message.from === 'bot';
    const when = new Date(message.at);
    const meta = el(
      'p', { class: 'meta' },
      el('span', { class: 'who', text: fromBot ? this.config.botName : STRINGS.you }), ' ',
      el('time', { datetime: when.toISOString(), text: timeLabel(when) }),
    );
    const text = el('p', { class: 'text' });
    appendText(text, message.text, { linkify: fromBot });
    const item = el('div', { class: `message ${fromBot ? 'bot' : 'user'}`, 'data-id': message.id }, meta, text);
    if (message.waiting) item.append(el('p', { class: 'waiting', text: STRINGS.waiting }));
    return item;
  }

  showMessages(messages) {
    this.log.replaceChildren(...messages.map((message) => this.messageNode(message)));
    this.scrollToEnd();
  }

  addMessage(message) {
    this.log.append(this.messageNode(message));
    this.scrollToEnd();
  }

  markSent(id) {
    this.log.querySelector(`[data-id="${id}"] .waiting`)?.remove();
  }

  markWaiting(id) {
    const item = this.log.querySelector(`[data-id="${id}"]`);
    if (item && !item.querySelector('.waiting')) item.append(el('p', { class: 'waiting', text: STRINGS.waiting }));
  }

  /** Buttons for the last bot message's suggested answers; focus moves to the first one. */
  showReplies(replies, { focus }) {
    const buttons = replies.map((reply) => {
      const button = el('button', { type: 'button', text: reply.title });
      button.addEventListener('click', () => {
        this.input.focus();
        this.actions.send(reply.payload, reply.title);
      });
      return button;
    });
    this.replies.replaceChildren(...buttons);
    this.replies.hidden = buttons.length === 0;
    this.scrollToEnd();
    if (focus && buttons.length && this.mayMoveFocus()) buttons[0].focus();
  }

  /** Never take focus from someone typing, or from outside the open chat. */
  mayMoveFocus() {
    const active = this.root.activeElement;
    if (this.panel.hidden) return false;
    if (active === this.input) return this.input.value === '';
    return active === null ? document.activeElement === document.body : true;
  }

  setTyping(on) {
    this.typing.hidden = !on;
    if (on) this.scrollToEnd();
  }

  setStatus(text) {
    this.status.textContent = text;
  }

  setUnread(on) {
    this.badge.hidden = !on;
  }

  /** The messages scroll; with very large text the whole chat does (see widget.css). */
  scrollToEnd() {
    this.scroller.scrollTop = this.scroller.scrollHeight;
    this.frame.scrollTop = this.frame.scrollHeight;
  }

  // ------------------------------------------------------------------ open, close, confirm

  setOpen(open, { focus }) {
    this.panel.hidden = !open;
    this.launcher.hidden = open;
    this.launcher.setAttribute('aria-expanded', String(open));
    this.updateModal();
    if (open) {
      this.scrollToEnd();
      if (focus) this.input.focus();
    } else if (focus) {
      this.launcher.focus();
    }
  }

  /** Full screen on a phone: the chat is then a modal dialog and Tab stays inside it. */
  updateModal() {
    const modal = !this.panel.hidden && window.matchMedia(NARROW).matches;
    this.panel.setAttribute('aria-modal', String(modal));
  }

  setConfirm(show) {
    this.confirm.hidden = !show;
    this.endButton.setAttribute('aria-expanded', String(show));
    if (show) this.confirmQuestion.focus();
    else this.endButton.focus();
  }

  onKeydown(event) {
    if (event.key === 'Escape') {
      event.preventDefault();
      if (!this.confirm.hidden) this.actions.toggleConfirm(false);
      else this.actions.close();
      return;
    }
    if (event.key === 'Tab' && this.panel.getAttribute('aria-modal') === 'true') this.keepTabInside(event);
  }

  keepTabInside(event) {
    const focusable = [...this.panel.querySelectorAll(FOCUSABLE)].filter((node) => node.offsetParent !== null);
    if (!focusable.length) return;
    const first = focusable[0];
    const last = focusable[focusable.length - 1];
    const active = this.root.activeElement;
    if (event.shiftKey && active === first) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && active === last) {
      event.preventDefault();
      first.focus();
    }
  }
}
