import { createHash } from 'node:crypto';

/** Deterministic demo content: item i is the same whatever the count, and on every machine. */
const SEED = 'nest-cms-demo';
const WORDS = (
  'lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor incididunt ut labore et dolore ' +
  'magna aliqua enim ad minim veniam quis nostrud exercitation ullamco laboris nisi aliquip ex ea commodo ' +
  'server database query index cache latency throughput request response content model schema field relation'
).split(' ');
export const DEMO_CATEGORIES = ['News', 'Tech', 'Sport', 'Culture'];
export const DEMO_TAGS = [
  'breaking',
  'analysis',
  'opinion',
  'guide',
  'review',
  'interview',
  'data',
  'video',
  'long-read',
  'explainer',
];
const FORMATS = ['standard', 'video', 'gallery', 'interview'];
const FROM = Date.UTC(2024, 0, 1);
const SPAN = Date.UTC(2026, 0, 1) - FROM;

function random(kind: string, index: number): () => number {
  let state = createHash('sha256').update(`${SEED}:${kind}:${index}`).digest().readUInt32LE(0);
  // mulberry32
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A stable 24-character document id, like the ones the API makes. */
export function demoDocumentId(kind: string, index: number): string {
  const hex = createHash('sha256').update(`${SEED}:id:${kind}:${index}`).digest('hex');
  return `d${BigInt(`0x${hex.slice(0, 30)}`)
    .toString(36)
    .padStart(23, '0')
    .slice(0, 23)}`;
}

const pad = (value: number, width: number) => String(value).padStart(width, '0');

export interface DemoArticle {
  readonly title: string;
  readonly slug: string;
  readonly summary: string;
  readonly body: string;
  readonly views: number;
  readonly rating: number;
  readonly featured: boolean;
  readonly format: string;
  readonly publishedDate: string;
  readonly author: number;
  readonly category: number;
  readonly tags: number[];
}

export function demoAuthorCount(articles: number): number {
  return Math.max(1, Math.min(100, Math.ceil(articles / 10)));
}

export function demoArticle(index: number, authors: number): DemoArticle {
  const next = random('article', index);
  const words = (count: number) =>
    Array.from({ length: count }, () => WORDS[Math.floor(next() * WORDS.length)]).join(' ');
  const heading = words(3);
  const paragraphs = Array.from({ length: 6 }, () => words(50));
  const tagCount = 1 + Math.floor(next() * 3);
  const tags = [...new Set(Array.from({ length: tagCount }, () => 1 + Math.floor(next() * DEMO_TAGS.length)))];
  return {
    title: `Article ${pad(index, 6)} ${heading}`,
    slug: `article-${pad(index, 6)}-${heading.replace(/ /g, '-')}`,
    summary: words(20),
    body: `# ${heading}\n\n${paragraphs.join('\n\n')}`,
    views: Math.floor(next() * 1001),
    rating: Math.round(next() * 500) / 100,
    featured: next() < 0.1,
    format: FORMATS[Math.floor(next() * FORMATS.length)]!,
    publishedDate: new Date(FROM + Math.floor((next() * SPAN) / 1000) * 1000).toISOString(),
    author: 1 + Math.floor(next() * authors),
    category: 1 + ((index - 1) % DEMO_CATEGORIES.length),
    tags,
  };
}
