// Service worker of the console: the page, its script, its styles and the
// module are cached on the first visit and served from the cache afterwards,
// so the console reloads offline. scripts/site.mjs fills in the file list and
// the version (a hash of the files' content) when it assembles site/.
const VERSION = '/*VERSION*/';
const PRECACHE = /*PRECACHE*/[];
const CACHE = `cct-console-${VERSION}`;

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(PRECACHE)).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) {
      if (name.startsWith('cct-console-') && name !== CACHE) await caches.delete(name);
    }
    await self.clients.claim();
  })());
});

// Cache first: the files of one build never change (a new build is a new
// cache). Anything else goes to the network as usual.
self.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET' || new URL(request.url).origin !== self.location.origin) return;
  event.respondWith((async () => {
    const cache = await caches.open(CACHE);
    const hit = await cache.match(request, { ignoreSearch: true })
      ?? (request.mode === 'navigate' ? await cache.match('./') : undefined);
    return hit ?? fetch(request);
  })());
});
