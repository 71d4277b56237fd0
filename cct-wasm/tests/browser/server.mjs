// A tiny static file server for the demo console and the browser tests:
// serves cct-wasm/ (site/, pkg/, pkg-test/) on 127.0.0.1, GET only, no listing.
// Like any static server configured as docs/wasm.md says, it answers with the
// pre-compressed `.br` or `.gz` beside a file when the client accepts it.
//   node tests/browser/server.mjs [port]   then open http://127.0.0.1:<port>/site/
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { dirname, extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.ts': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2',
  '.md': 'text/markdown; charset=utf-8',
};

/** The pre-compressed variant to send for `file`, if one exists and the client accepts it. */
async function encoded(file, accept) {
  for (const [token, ext] of [['br', '.br'], ['gzip', '.gz']]) {
    if (!new RegExp(`(^|[\\s,])${token}($|[\\s,;])`).test(accept)) continue;
    try {
      if ((await stat(file + ext)).isFile()) return { encoding: token, path: file + ext };
    } catch {
      // no such variant
    }
  }
  return null;
}

/** Starts the server; resolves to `{ url, close, served }` (`served`: path, encoding, bytes of each answer). Port 0 picks a free one. */
export function serve(port = 0) {
  const served = [];
  const server = createServer(async (req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405).end();
      return;
    }
    let path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    if (path.endsWith('/')) path += 'index.html';
    const file = normalize(join(root, path));
    if (!file.startsWith(root + sep)) {
      res.writeHead(403).end();
      return;
    }
    try {
      const variant = await encoded(file, req.headers['accept-encoding'] ?? '');
      const body = await readFile(variant?.path ?? file);
      const headers = {
        'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
        'cache-control': 'no-store',
        vary: 'accept-encoding',
      };
      if (variant) headers['content-encoding'] = variant.encoding;
      served.push({ path, encoding: variant?.encoding ?? null, bytes: body.length });
      res.writeHead(200, headers);
      res.end(req.method === 'HEAD' ? undefined : body);
    } catch {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    }
  });
  return new Promise((ok) => {
    server.listen(port, '127.0.0.1', () => {
      const { port: p } = server.address();
      ok({
        url: `http://127.0.0.1:${p}`,
        served,
        close: () => new Promise((done) => { server.closeAllConnections?.(); server.close(done); }),
      });
    });
  });
}

/** Launch options for Debian's Chromium (Playwright's own download is not used). */
export const chromiumOptions = {
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
    '--disable-component-update', '--no-first-run'],
};

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { url } = await serve(Number(process.argv[2] ?? 8080));
  console.log(`serving ${root} at ${url}/site/`);
}
