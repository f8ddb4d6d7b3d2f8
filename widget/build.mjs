// Bundles the chat widget (our sources + socket.io-client) into one minified file that the
// console serves at /widget/v1/chat.js. Run by scripts/bootstrap.sh: `npm run --prefix widget build`.
import { build } from 'esbuild';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const pkg = JSON.parse(await readFile(join(here, 'package.json'), 'utf8'));

await build({
  entryPoints: [join(here, 'src', 'index.js')],
  outfile: join(here, '..', 'bot', 'console', 'static', 'chat.js'),
  bundle: true,
  minify: true,
  format: 'iife',
  platform: 'browser',
  target: ['es2019', 'chrome80', 'firefox78', 'safari13'],
  loader: { '.css': 'text' },
  legalComments: 'eof',
  banner: { js: `/* MIAS chat widget ${pkg.version}. MIT licence. */` },
  logLevel: 'warning',
});
