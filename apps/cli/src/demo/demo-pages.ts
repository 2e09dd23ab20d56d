/**
 * The demo site's pages: built from blocks of a dynamic zone, with an SEO component, in English
 * and in French (the same document, one version per locale).
 */
export const DEMO_LOCALES = [{ code: 'fr', name: 'French' }] as const;

export interface DemoPage {
  readonly en: Record<string, unknown>;
  readonly fr: Record<string, unknown>;
}

export function demoPages(author: string): DemoPage[] {
  return [
    {
      en: {
        title: 'Home',
        seo: { metaTitle: 'The demo blog', metaDescription: 'News, tech, sport and culture' },
        sections: [
          {
            __component: 'blocks.hero',
            title: 'Welcome to the demo blog',
            subtitle: 'Every article, page and block here comes from seed:demo',
            links: [
              { label: 'Read the articles', url: '/articles' },
              { label: 'The API', url: '/docs', external: true },
            ],
          },
          { __component: 'blocks.quote', text: 'Content outlives the system that holds it.', author },
          { __component: 'blocks.rich-text', body: '## What is here\n\nArticles, authors, categories and tags.' },
        ],
      },
      fr: {
        title: 'Accueil',
        seo: { metaTitle: 'Le blog de démonstration', metaDescription: 'Actualités, technologie, sport et culture' },
        sections: [
          {
            __component: 'blocks.hero',
            title: 'Bienvenue sur le blog de démonstration',
            links: [{ label: 'Lire les articles', url: '/fr/articles' }],
          },
          { __component: 'blocks.quote', text: 'Le contenu survit au système qui le garde.', author },
        ],
      },
    },
    {
      en: {
        title: 'About',
        seo: { metaTitle: 'About the demo blog' },
        sections: [{ __component: 'blocks.rich-text', body: 'A headless CMS, seeded with deterministic content.' }],
      },
      fr: {
        title: 'À propos',
        seo: { metaTitle: 'À propos du blog de démonstration' },
        sections: [{ __component: 'blocks.rich-text', body: 'Un CMS headless, rempli de contenu déterministe.' }],
      },
    },
  ];
}
