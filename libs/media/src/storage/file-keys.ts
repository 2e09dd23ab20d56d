/** What a file row says of its stored objects: its own hash and extension, and its variants'. */
export interface StoredFile {
  readonly hash: unknown;
  readonly ext: unknown;
  /** Variants by name (`thumbnail`...), each with a WebP twin when one was made. */
  readonly formats: unknown;
}

interface VariantKeys {
  readonly hash: string;
  readonly ext: string;
  readonly webp?: { readonly hash: string; readonly ext: string };
}

/**
 * The storage keys of a file's bytes: the original and every variant (transform caches, under
 * `cache/<hash>/`, are made again on demand). `formats` may be the parsed object or its JSON text.
 */
export function fileKeys(file: StoredFile): string[] {
  const formats = (typeof file.formats === 'string' ? JSON.parse(file.formats) : (file.formats ?? {})) as Record<
    string,
    VariantKeys
  >;
  return [
    `${String(file.hash)}${String(file.ext ?? '')}`,
    ...Object.values(formats).flatMap((format) => [
      `${format.hash}${format.ext}`,
      ...(format.webp ? [`${format.webp.hash}${format.webp.ext}`] : []),
    ]),
  ];
}
