import { heapGrowthFlag } from './heap-growth';

describe('heapGrowthFlag', () => {
  it('bounds the heap growth by default', () => {
    expect(heapGrowthFlag([])).toBe('--heap-growing-percent=100');
    expect(heapGrowthFlag(['--enable-source-maps', '--max-old-space-size=512'])).toBe('--heap-growing-percent=100');
  });

  it('leaves it to the operator who set it, in either spelling', () => {
    expect(heapGrowthFlag(['--heap-growing-percent=300'])).toBeUndefined();
    expect(heapGrowthFlag(['--heap_growing_percent=50'])).toBeUndefined();
    expect(heapGrowthFlag(['--heap-growing-percentage=1'])).toBe('--heap-growing-percent=100');
  });
});
