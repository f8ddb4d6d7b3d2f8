// Reads the widget's settings from its own <script> tag (data-* attributes).

const DEFAULT_BOT_NAME = 'Mediation assistant';

function httpUrl(value, base) {
  const url = new URL(value, base);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new Error(`chat widget: ${value} is not an http(s) address`);
  }
  return url;
}

function withSlash(url) {
  return url.pathname.endsWith('/') ? url : new URL(`${url.pathname}/`, url);
}

/**
 * data-server (required): the Rasa server's address, e.g. https://chat.example.org (a path such as
 *   /rasa is kept: socket.io is then reached at /rasa/socket.io).
 * data-bot-name: the name shown at the top; data-privacy-url: a link after the privacy note.
 * data-console: where the console is (for "End chat and delete"); by default the address this
 *   script was loaded from, less /widget/v1/chat.js.
 */
export function readConfig(script) {
  const data = script.dataset;
  if (!data.server) throw new Error('chat widget: add data-server="https://your-rasa-server"');
  const scriptUrl = new URL(script.src, document.baseURI);
  const consoleBase = data.console
    ? withSlash(httpUrl(data.console, document.baseURI))
    : new URL('../../', scriptUrl);
  return {
    server: httpUrl(data.server, document.baseURI),
    botName: (data.botName || '').trim() || DEFAULT_BOT_NAME,
    privacyUrl: data.privacyUrl ? httpUrl(data.privacyUrl, document.baseURI).href : null,
    eraseUrl: new URL('chat/erase', consoleBase).href,
    greeting: '/greet',
    handoff: '/request_human',
  };
}
