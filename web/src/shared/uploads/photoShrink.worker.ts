import compress from 'browser-image-compression';

/**
 * Shrinks one photo off the page's thread (a 13-megapixel decode and re-encode would freeze the
 * page for seconds on a phone). Served from the app's own origin, so the CSP's `script-src 'self'`
 * covers it; the library runs here without its own worker (which would load code from a CDN).
 */
self.onmessage = async (event: MessageEvent<{ file: File; maxSide: number; maxBytes: number }>) => {
  const { file, maxSide, maxBytes } = event.data;
  try {
    const out = await compress(file, { maxWidthOrHeight: maxSide, maxSizeMB: maxBytes / 1024 / 1024, initialQuality: 0.85, fileType: 'image/jpeg', useWebWorker: false, maxIteration: 6 });
    self.postMessage({ ok: true, blob: out });
  } catch (error) {
    self.postMessage({ ok: false, message: error instanceof Error ? error.message : String(error) });
  }
};
