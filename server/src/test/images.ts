import sharp from 'sharp';

/** A small photo-like JPEG carrying camera and GPS EXIF, made here so no fixture file is needed. */
export function jpegWithGps(width = 640, height = 480, colour = '#c33'): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: colour } })
    .jpeg({ quality: 90 })
    .withExif({
      IFD0: { Make: 'TestCam', Model: 'GPS-Leaker 1' },
      // IFD3 is the GPS directory: 31°12'N 121°28'E, Shanghai.
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '31/1 12/1 0/1', GPSLongitudeRef: 'E', GPSLongitude: '121/1 28/1 0/1' },
    })
    .toBuffer();
}

export function png(width = 200, height = 100): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 4, background: { r: 0, g: 120, b: 200, alpha: 0.5 } } }).png().toBuffer();
}

export function webp(width = 200, height = 100): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: '#2a2' } }).webp().toBuffer();
}

export interface UploadPart {
  data: Buffer;
  filename?: string;
  type?: string;
}

/** POSTs photos to /uploads/evidence (or its chat sibling) as the web client does (multipart, CSRF header, Bearer). */
export async function uploadEvidence(
  url: string,
  token: string | null,
  parts: UploadPart[],
  options: { kind?: string; preflight?: boolean; route?: 'evidence' | 'chat' | 'courier' } = {},
): Promise<{ status: number; body: any; retryAfter: string | null }> {
  const form = new FormData();
  for (const part of parts) form.append('file', new Blob([new Uint8Array(part.data)], { type: part.type ?? 'image/jpeg' }), part.filename ?? 'photo.jpg');
  const target = options.route === 'chat' ? '/uploads/chat' : `/uploads/${options.route ?? 'evidence'}?kind=${options.kind ?? 'CONTENTS'}`;
  const response = await fetch(`${url}${target}`, {
    method: 'POST',
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(options.preflight === false ? {} : { 'apollo-require-preflight': 'true' }) },
    body: form,
  });
  return { status: response.status, body: await response.json(), retryAfter: response.headers.get('retry-after') };
}
