import { availableParallelism } from 'node:os';
import { DomainError } from '@cms/core';
import pLimit from 'p-limit';
import type { Metadata, Sharp } from 'sharp';

/** Image work is CPU-bound: at most one job per core, however many requests ask for it. */
export const imageJobs = pLimit(Math.max(1, availableParallelism()));

/** Larger images are refused from their header, before a pixel is decoded (decompression bombs). */
export const MAX_PIXELS = 50_000_000;

/** Formats sharp decodes and we make variants of (GIF stays as uploaded: it may be animated). */
const VARIANT_FORMAT: Readonly<Record<string, 'jpeg' | 'png' | 'webp' | 'avif'>> = {
  'image/jpeg': 'jpeg',
  'image/png': 'png',
  'image/webp': 'webp',
  'image/avif': 'avif',
  'image/tiff': 'jpeg',
};
const MEASURABLE = new Set([...Object.keys(VARIANT_FORMAT), 'image/gif']);

/** Strapi's formats: a thumbnail inside 245×156, and breakpoints inside squares of their width. */
export const BREAKPOINTS = [
  { name: 'thumbnail', width: 245, height: 156 },
  { name: 'large', width: 1000, height: 1000 },
  { name: 'medium', width: 750, height: 750 },
  { name: 'small', width: 500, height: 500 },
] as const;

export interface ImageSize {
  readonly width: number;
  readonly height: number;
}

export interface RenderedImage extends ImageSize {
  readonly data: Buffer;
  readonly mime: string;
  readonly ext: string;
}

export interface RenderedVariant {
  readonly name: string;
  readonly image: RenderedImage;
  /** The same variant in WebP, unless the variant already is. */
  readonly webp?: RenderedImage;
}

/** sharp and libvips load with the first image, not at every start. */
let loading: Promise<typeof import('sharp')> | undefined;
async function sharpOf(): Promise<typeof import('sharp')> {
  loading ??= import('sharp').then((module) => module.default);
  return loading;
}

/** An image to decode, from a file or (without input) from what is piped in; never over MAX_PIXELS. */
export async function openImage(input?: string | Buffer): Promise<Sharp> {
  const sharp = await sharpOf();
  const options = { limitInputPixels: MAX_PIXELS, failOn: 'error' } as const;
  return input === undefined ? sharp(options) : sharp(input, options);
}

/** The displayed size of an image (EXIF rotation applied), from its header alone. */
export async function measureImage(path: string, mime: string): Promise<ImageSize | undefined> {
  if (!MEASURABLE.has(mime)) return undefined;
  let metadata: Metadata;
  try {
    metadata = await (await sharpOf())(path, { limitInputPixels: false }).metadata();
  } catch {
    throw new DomainError('UnsupportedMediaTypeError', 'UNREADABLE_IMAGE', `The file is not a readable ${mime} image`);
  }
  const { width = 0, height = 0, orientation = 1 } = metadata;
  if (width * height > MAX_PIXELS) {
    throw new DomainError(
      'PayloadTooLargeError',
      'IMAGE_TOO_LARGE',
      `Images are limited to ${MAX_PIXELS / 1_000_000} megapixels; this one has ${((width * height) / 1_000_000).toFixed(1)}`,
    );
  }
  return orientation >= 5 ? { width: height, height: width } : { width, height };
}

/** The variants an image gets: only those smaller than it, each also in WebP. */
export async function renderVariants(path: string, mime: string, size: ImageSize): Promise<RenderedVariant[]> {
  const format = VARIANT_FORMAT[mime];
  if (!format) return [];
  const source = (await openImage(path)).rotate();
  const variants: RenderedVariant[] = [];
  for (const breakpoint of BREAKPOINTS) {
    if (size.width <= breakpoint.width && size.height <= breakpoint.height) continue;
    const resized = source.clone().resize({ width: breakpoint.width, height: breakpoint.height, fit: 'inside' });
    const image = await render(resized.clone(), format);
    variants.push({
      name: breakpoint.name,
      image,
      ...(format === 'webp' ? {} : { webp: await render(resized, 'webp') }),
    });
  }
  return variants;
}

export async function render(
  pipeline: Sharp,
  format: 'jpeg' | 'png' | 'webp' | 'avif',
  quality?: number,
): Promise<RenderedImage> {
  const { data, info } = await pipeline
    .toFormat(format, quality === undefined ? {} : { quality })
    .toBuffer({ resolveWithObject: true });
  return {
    data,
    width: info.width,
    height: info.height,
    mime: `image/${format}`,
    ext: `.${format === 'jpeg' ? 'jpg' : format}`,
  };
}
