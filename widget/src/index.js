// The one script a page adds:
//   <script src="https://console.example.org/widget/v1/chat.js"
//           data-server="https://chat.example.org" data-bot-name="KIDS mediation assistant" defer></script>

import { readConfig } from './config.js';
import { ChatWidget } from './widget.js';

function ownScript() {
  return document.currentScript || document.querySelector('script[src*="/widget/v1/chat.js"][data-server]');
}

function start(script) {
  if (window.miasChatWidget) return; // added twice: one chat is enough
  window.miasChatWidget = new ChatWidget(readConfig(script));
}

const script = ownScript();
if (document.body) start(script);
else document.addEventListener('DOMContentLoaded', () => start(script));
