// Turns a message's text into DOM nodes. Nothing is ever parsed as HTML: text goes in as text
// nodes, and only http(s) addresses become links (built with createElement and an href).

import { STRINGS } from './strings.js';

const URL_PATTERN = /https?:\/\/[^\s<>"'`]+/gi;
const TRAILING_PUNCTUATION = /[.,;:!?)\]}]+$/;
const CERTIFICATE_PATH = /\/certificates\/[^/]+$/;
const CALENDAR_PATH = /\/certificates\/[^/]+\/calendar\.ics$/;

function parseHttpUrl(text) {
  try {
    const url = new URL(text);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url : null;
  } catch {
    return null;
  }
}

function hiddenText(text) {
  const span = document.createElement('span');
  span.className = 'visually-hidden';
  span.textContent = ` ${text}`;
  return span;
}

/** A link; the certificate and its calendar file are downloads with a plain label. */
export function makeLink(url) {
  const link = document.createElement('a');
  link.href = url.href;
  if (CALENDAR_PATH.test(url.pathname) || CERTIFICATE_PATH.test(url.pathname)) {
    const calendar = CALENDAR_PATH.test(url.pathname);
    link.className = calendar ? 'file calendar' : 'file certificate';
    link.setAttribute('download', '');
    link.textContent = calendar ? STRINGS.calendar : STRINGS.certificate;
    return link;
  }
  link.target = '_blank';
  link.rel = 'noopener noreferrer';
  link.textContent = url.href;
  link.append(hiddenText(STRINGS.newTab));
  return link;
}

function appendLine(parent, line, linkify) {
  let from = 0;
  if (linkify) {
    for (const match of line.matchAll(URL_PATTERN)) {
      const text = match[0].replace(TRAILING_PUNCTUATION, '');
      const url = parseHttpUrl(text);
      if (!url) continue;
      parent.append(document.createTextNode(line.slice(from, match.index)), makeLink(url));
      from = match.index + text.length;
    }
  }
  parent.append(document.createTextNode(line.slice(from)));
}

/** Appends `text` to `parent`: one line break per newline, links only if `linkify`. */
export function appendText(parent, text, { linkify }) {
  String(text).split('\n').forEach((line, index) => {
    if (index > 0) parent.append(document.createElement('br'));
    appendLine(parent, line, linkify);
  });
}
