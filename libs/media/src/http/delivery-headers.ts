const INLINE = /^(image\/(?!svg)|video\/|audio\/|application\/pdf$)/;

/**
 * Headers for serving stored bytes: cached for a year (keys never change), never sniffed, never
 * able to run script in our origin, and downloaded rather than shown unless plainly media.
 */
export function deliveryHeaders(mime: string): Record<string, string> {
  return {
    'Cache-Control': 'public, max-age=31536000, immutable',
    'X-Content-Type-Options': 'nosniff',
    'Content-Security-Policy':
      "default-src 'none'; img-src 'self'; media-src 'self'; style-src 'unsafe-inline'; sandbox",
    'Cross-Origin-Resource-Policy': 'cross-origin',
    ...(INLINE.test(mime) ? {} : { 'Content-Disposition': 'attachment' }),
  };
}
