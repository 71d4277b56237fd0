// Share links: the pasted input and the options, compressed (deflate-raw)
// and base64url-encoded in the URL fragment. The fragment is never sent to
// any server: the link reopens the same check, locally.

/** Prefix of a share fragment; the digit is the format's version. */
export const SHARE_PREFIX = '#v1.';

async function pipe(bytes, transform) {
  const stream = new Blob([bytes]).stream().pipeThrough(transform);
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

function toBase64url(bytes) {
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64url(text) {
  const bin = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  return Uint8Array.from(bin, (c) => c.charCodeAt(0));
}

/** The fragment (with its `#`) that encodes `state` ({text, kind, profile, path}). */
export async function encodeShare(state) {
  const json = new TextEncoder().encode(JSON.stringify(state));
  return SHARE_PREFIX + toBase64url(await pipe(json, new CompressionStream('deflate-raw')));
}

/** The state a fragment encodes, or null when it is not a share fragment; throws on a damaged one. */
export async function decodeShare(hash) {
  if (!hash.startsWith(SHARE_PREFIX)) return null;
  const bytes = await pipe(fromBase64url(hash.slice(SHARE_PREFIX.length)), new DecompressionStream('deflate-raw'));
  const state = JSON.parse(new TextDecoder().decode(bytes));
  if (typeof state?.text !== 'string') throw new Error('no text in the shared state');
  return state;
}
