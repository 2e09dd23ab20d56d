import { DomainError } from '@cms/core';
import { outputFormat, parseTransformParams } from './transform-params';

describe('transform parameters', () => {
  it('reads sizes, fit, format and quality from their sets, with defaults', () => {
    expect(parseTransformParams({})).toEqual({ fit: 'inside', quality: 80 });
    expect(parseTransformParams({ width: '320', height: '245', fit: 'cover', format: 'webp', quality: '65' })).toEqual({
      width: 320,
      height: 245,
      fit: 'cover',
      format: 'webp',
      quality: 65,
    });
  });

  it('answers anything outside the sets with a 400 naming each parameter', () => {
    let error: unknown;
    try {
      parseTransformParams({ width: '321', height: '1e3', quality: '81', fit: 'stretch', format: 'gif', blur: '2' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(DomainError);
    const paths = ((error as DomainError).details.errors as { path: string[] }[]).map((issue) => issue.path[0]);
    expect(paths.sort()).toEqual(['blur', 'fit', 'format', 'height', 'quality', 'width']);
  });

  it('picks AVIF, then WebP, for auto; otherwise the source’s own kind', () => {
    expect(outputFormat('auto', 'image/avif,image/webp', 'image/jpeg')).toBe('avif');
    expect(outputFormat('auto', 'image/webp,*/*', 'image/jpeg')).toBe('webp');
    expect(outputFormat('auto', '*/*', 'image/png')).toBe('png');
    expect(outputFormat(undefined, 'image/avif', 'image/gif')).toBe('png');
    expect(outputFormat('jpeg', 'image/avif', 'image/png')).toBe('jpeg');
  });
});
