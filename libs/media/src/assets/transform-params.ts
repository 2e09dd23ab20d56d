import { DomainError, type ValidationIssue } from '@cms/core';

/** The only sizes rendered, so nobody can make us render (and store) a million variants. */
export const ASSET_SIZES = [
  16, 32, 48, 64, 96, 128, 156, 245, 256, 320, 384, 480, 500, 640, 750, 768, 828, 960, 1000, 1080, 1200, 1280, 1440,
  1600, 1920, 2048, 2560, 3840,
] as const;
export const ASSET_FITS = ['cover', 'contain', 'fill', 'inside', 'outside'] as const;
export const ASSET_FORMATS = ['auto', 'jpeg', 'png', 'webp', 'avif'] as const;
/** Qualities in steps of five. */
export const ASSET_QUALITIES = Array.from({ length: 15 }, (_, index) => 30 + index * 5);
const DEFAULT_QUALITY = 80;

export type AssetFit = (typeof ASSET_FITS)[number];
export type AssetFormat = (typeof ASSET_FORMATS)[number];

export interface TransformParams {
  readonly width?: number;
  readonly height?: number;
  readonly fit: AssetFit;
  readonly format?: AssetFormat;
  readonly quality: number;
}

/** `?width=&height=&fit=&format=&quality=`, each from its bounded set; anything else is a 400. */
export function parseTransformParams(raw: Record<string, unknown>): TransformParams {
  const issues: ValidationIssue[] = [];
  const report = (key: string, message: string) => issues.push({ path: [key], message, name: 'ValidationError' });
  for (const key of Object.keys(raw)) {
    if (!['width', 'height', 'fit', 'format', 'quality'].includes(key)) report(key, 'is not a transform parameter');
  }
  const number = (key: string, allowed: readonly number[]): number | undefined => {
    const value = raw[key];
    if (value === undefined) return undefined;
    const parsed = typeof value === 'string' && /^\d{1,5}$/.test(value) ? Number(value) : NaN;
    if (!allowed.includes(parsed)) report(key, `must be one of ${allowed.join(', ')}`);
    return parsed;
  };
  const word = <T extends string>(key: string, allowed: readonly T[]): T | undefined => {
    const value = raw[key];
    if (value === undefined) return undefined;
    if (!allowed.includes(value as T)) report(key, `must be one of ${allowed.join(', ')}`);
    return value as T;
  };
  const width = number('width', ASSET_SIZES);
  const height = number('height', ASSET_SIZES);
  const quality = number('quality', ASSET_QUALITIES) ?? DEFAULT_QUALITY;
  const fit = word('fit', ASSET_FITS) ?? 'inside';
  const format = word('format', ASSET_FORMATS);
  if (issues.length > 0) throw DomainError.validation('INVALID_TRANSFORM', 'Invalid transform', issues);
  return { ...(width ? { width } : {}), ...(height ? { height } : {}), fit, ...(format ? { format } : {}), quality };
}

/** The output format: `auto` picks AVIF, then WebP, from what the client accepts. */
export function outputFormat(
  requested: AssetFormat | undefined,
  accept: string | undefined,
  sourceMime: string,
): 'jpeg' | 'png' | 'webp' | 'avif' {
  if (requested && requested !== 'auto') return requested;
  if (requested === 'auto') {
    if (accept?.includes('image/avif')) return 'avif';
    if (accept?.includes('image/webp')) return 'webp';
  }
  if (sourceMime === 'image/png' || sourceMime === 'image/gif') return 'png';
  if (sourceMime === 'image/webp') return 'webp';
  if (sourceMime === 'image/avif') return 'avif';
  return 'jpeg';
}
